import type { PortalSession } from "@bernard/portal-contract";
import { Page, PageNotFound, pageAfterSignIn, useQuery, usePageTitle } from "@bernard/ui";
import {
  Outlet,
  createRootRoute,
  createRoute,
  createRouter,
  parseSearchWith,
  stringifySearchWith,
  useRouter,
} from "@tanstack/react-router";
import { useEffect, useState, type ReactNode } from "react";
import { z } from "zod";
import { AccountPage } from "./account-page.js";
import { queries } from "./api.js";
import { AuditPage } from "./audit-page.js";
import { HomePage } from "./home-page.js";
import { InvitationPage } from "./invitation-page.js";
import { ModelsPage } from "./models-page.js";
import { PortalPage, SessionContext, useSession } from "./portal-page.js";
import { SignInPage } from "./sign-in-page.js";
import { ToolSettingsPage } from "./tool-settings-page.js";
import { ToolsPage } from "./tools-page.js";
import { UserGroupsPage } from "./user-groups-page.js";
import { UsersPage } from "./users-page.js";

/*
 * The portal's pages. The server's page list (api/src/server.ts) decides which addresses answer
 * 404; these routes decide what each one shows. Links between pages are ordinary links.
 */

const rootRoute = createRootRoute({
  component: Outlet,
  // Any other address: "Page not found" in the portal's layout, for someone signed in.
  notFoundComponent: () => (
    <SignedIn>
      <PortalPage title="Page not found">
        <PageNotFound home={{ href: "/", text: "Go to the home page" }} />
      </PortalPage>
    </SignedIn>
  ),
});

const invitationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/invitation/$token",
  component: function Invitation() {
    return <InvitationPage token={invitationRoute.useParams().token} />;
  },
});

const signedOutRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/signed-out",
  component: () => (
    <Message title="You have signed out">
      <a className="govuk-link" href="/sign-in">
        Sign in again
      </a>
    </Message>
  ),
});

/**
 * What a page reads from its address (filters, where to go after signing in), as typed; the API
 * checks them and says what is wrong. Kept as text: the router reads `?page=2` as the number 2.
 */
const filters = <Key extends string>(...keys: Key[]) =>
  z.object(
    Object.fromEntries(keys.map((key) => [key, z.coerce.string().optional()])) as Record<
      Key,
      z.ZodOptional<z.ZodCoercedString>
    >,
  );

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/sign-in",
  validateSearch: filters("next", "problem"),
  component: function SignIn() {
    const { next, problem } = signInRoute.useSearch();
    return (
      <SessionGate
        signedOut={<SignInPage next={pageAfterSignIn(next)} problem={problem} />}
        signedIn={() => <GoOn to={pageAfterSignIn(next)} />}
      />
    );
  },
});

/** Every page that needs someone signed in. */
const signedInRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "signed-in",
  component: () => (
    <SignedIn>
      <Outlet />
    </SignedIn>
  ),
});

const homeRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/",
  component: HomePage,
});

const accountRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/account",
  component: AccountPage,
});

// The gateway shows this app, with 403 or 404, for a tool this person cannot open.
const toolRefusedRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/tools/$",
  component: () => (
    <PortalPage title="You cannot open this tool">
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
  ),
});

/** The admin pages, for administrators only. */
const adminRoute = createRoute({
  getParentRoute: () => signedInRoute,
  id: "admin",
  component: function AdminOnly() {
    if (useSession().user.role === "admin") return <Outlet />;
    return (
      <PortalPage title="You cannot see this page">
        <h1 className="govuk-heading-l">You cannot see this page</h1>
        <p className="govuk-body">Only administrators can see this page.</p>
      </PortalPage>
    );
  },
});

const usersRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: "/admin/users",
  component: UsersPage,
});

const userGroupsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: "/admin/users/$id/groups",
  component: function UserGroups() {
    return <UserGroupsPage userId={userGroupsRoute.useParams().id} />;
  },
});

const auditRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: "/admin/audit",
  validateSearch: filters("action", "who", "from", "to", "page"),
  component: function Audit() {
    return <AuditPage search={auditRoute.useSearch()} />;
  },
});

const toolsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: "/admin/tools",
  component: ToolsPage,
});

const toolSettingsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: "/admin/tools/$id",
  component: function ToolSettings() {
    return <ToolSettingsPage toolId={toolSettingsRoute.useParams().id} />;
  },
});

const modelsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: "/admin/models",
  validateSearch: filters("from", "to"),
  component: function Models() {
    return <ModelsPage search={modelsRoute.useSearch()} />;
  },
});

export const router = createRouter({
  routeTree: rootRoute.addChildren([
    invitationRoute,
    signedOutRoute,
    signInRoute,
    signedInRoute.addChildren([
      homeRoute,
      accountRoute,
      toolRefusedRoute,
      adminRoute.addChildren([
        usersRoute,
        userGroupsRoute,
        auditRoute,
        toolsRoute,
        toolSettingsRoute,
        modelsRoute,
      ]),
    ]),
  ]),
  // Query strings stay as people and links write them (`?page=2`, `?who=`), all plain text.
  parseSearch: parseSearchWith((value) => value),
  stringifySearch: stringifySearchWith(String),
});

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}

/** Shows one thing while the session loads, or when Bernard cannot say who is signed in. */
function SessionGate({
  signedIn,
  signedOut,
}: {
  signedIn: (session: PortalSession) => ReactNode;
  signedOut: ReactNode;
}) {
  const session = useQuery(queries.session);
  if (session.isPending) {
    return (
      <Page>
        <p className="govuk-body">Loading…</p>
      </Page>
    );
  }
  if (session.isError) {
    return <Message title="Sorry, Bernard is unavailable">Try again in a few minutes.</Message>;
  }
  return session.data ? signedIn(session.data) : signedOut;
}

/** Its pages for someone signed in; anyone else signs in first, and comes back here after. */
function SignedIn({ children }: { children: ReactNode }) {
  return (
    <SessionGate
      signedIn={(session) => (
        <SessionContext.Provider value={session}>{children}</SessionContext.Provider>
      )}
      signedOut={<ToSignIn />}
    />
  );
}

/** Sends someone not signed in to the sign-in page, with the page they asked for in `?next=`. */
function ToSignIn() {
  const router = useRouter();
  // Read once: the address this person asked for, before going to sign in changes it.
  const [next] = useState(() => pageAfterSignIn(router.state.location.href));
  useEffect(() => {
    void router.navigate({ to: "/sign-in", search: next === "/" ? {} : { next }, replace: true });
  }, [router, next]);
  return null;
}

/** Signed in (already, or just now): on to the page asked for. */
function GoOn({ to }: { to: string }) {
  const router = useRouter();
  useEffect(() => {
    // Tool pages are served through the gateway, so leaving for one needs a real navigation.
    if (to.startsWith("/tools/")) window.location.replace(to);
    else void router.navigate({ href: to, replace: true });
  }, [router, to]);
  return null;
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
