import {
  Page,
  PageNotFound,
  fetchPortalSession,
  pageAfterSignIn,
  usePageTitle,
  type PortalSession,
} from "@bernard/ui";
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { AccountPage } from "./account-page.js";
import { AuditPage } from "./audit-page.js";
import { HomePage } from "./home-page.js";
import { InvitationPage } from "./invitation-page.js";
import { ModelsPage } from "./models-page.js";
import { PortalPage } from "./portal-page.js";
import { SignInPage } from "./sign-in-page.js";
import { ToolSettingsPage } from "./tool-settings-page.js";
import { ToolsPage } from "./tools-page.js";
import { UserGroupsPage } from "./user-groups-page.js";
import { UsersPage } from "./users-page.js";

type SessionState =
  | { state: "loading" }
  | { state: "signed-out" }
  | { state: "signed-in"; session: PortalSession }
  | { state: "unavailable" };

/** Chooses the page from the address and the session; links between pages are ordinary links. */
export function App() {
  const path = window.location.pathname;
  // The page to show after signing in: the one asked for, or the one in ?next= on /sign-in.
  const next = pageAfterSignIn(
    path === "/sign-in"
      ? new URLSearchParams(window.location.search).get("next")
      : path + window.location.search,
  );
  const [current, setCurrent] = useState<SessionState>({ state: "loading" });

  const load = useCallback(() => {
    fetchPortalSession().then(
      (session) => setCurrent(session ? { state: "signed-in", session } : { state: "signed-out" }),
      () => setCurrent({ state: "unavailable" }),
    );
  }, []);
  useEffect(load, [load]);

  if (path.startsWith("/invitation/"))
    return <InvitationPage token={decodeURIComponent(path.slice("/invitation/".length))} />;
  if (path === "/signed-out") {
    return (
      <Message title="You have signed out">
        <a className="govuk-link" href="/sign-in">
          Sign in again
        </a>
      </Message>
    );
  }

  switch (current.state) {
    case "loading":
      return (
        <Page>
          <p className="govuk-body">Loading…</p>
        </Page>
      );
    case "unavailable":
      return <Message title="Sorry, Bernard is unavailable">Try again in a few minutes.</Message>;
    case "signed-out":
      if (path !== "/sign-in") {
        const query = next === "/" ? "" : `?next=${encodeURIComponent(next)}`;
        window.history.replaceState(null, "", `/sign-in${query}`);
      }
      return <SignInPage next={next} onSignedIn={() => window.location.assign(next)} />;
    case "signed-in":
      if (path === "/sign-in") {
        // Tool pages are served through the gateway, so leaving for one needs a real navigation.
        if (next !== "/") window.location.replace(next);
        else window.history.replaceState(null, "", "/");
      }
      return <SignedInRoutes path={path} session={current.session} />;
  }
}

function SignedInRoutes({ path, session }: { path: string; session: PortalSession }) {
  if (path.startsWith("/admin/")) {
    if (session.user.role !== "admin") {
      return (
        <PortalPage session={session} title="You cannot see this page">
          <h1 className="govuk-heading-l">You cannot see this page</h1>
          <p className="govuk-body">Only administrators can see this page.</p>
        </PortalPage>
      );
    }
    if (path === "/admin/users") return <UsersPage session={session} />;
    const groupsOf = /^\/admin\/users\/([0-9a-f-]{36})\/groups$/.exec(path);
    if (groupsOf) return <UserGroupsPage session={session} userId={groupsOf[1]!} />;
    if (path === "/admin/audit") return <AuditPage session={session} />;
    if (path === "/admin/tools") return <ToolsPage session={session} />;
    if (path === "/admin/models") return <ModelsPage session={session} />;
    const tool = /^\/admin\/tools\/([a-z][a-z0-9-]{1,30})$/.exec(path);
    if (tool) return <ToolSettingsPage session={session} toolId={tool[1]!} />;
  }
  // The gateway shows this app, with 403 or 404, for a tool this person cannot open.
  if (path.startsWith("/tools/")) {
    return (
      <PortalPage session={session} title="You cannot open this tool">
        <h1 className="govuk-heading-l">You cannot open this tool</h1>
        <p className="govuk-body">
          It may be switched off, or not open to your team. If you need it, ask your administrator.
        </p>
        <p className="govuk-body">
          <a className="govuk-link" href="/">
            See the tools you can use
          </a>
        </p>
      </PortalPage>
    );
  }
  if (path === "/" || path === "/sign-in") return <HomePage session={session} />;
  if (path === "/account") return <AccountPage session={session} />;
  return (
    <PortalPage session={session} title="Page not found">
      <PageNotFound home={{ href: "/", text: "Go to the home page" }} />
    </PortalPage>
  );
}

function Message({ title, children }: { title: string; children: ReactNode }) {
  usePageTitle(title);
  return (
    <Page>
      <h1 className="govuk-heading-l">{title}</h1>
      <p className="govuk-body">{children}</p>
    </Page>
  );
}
