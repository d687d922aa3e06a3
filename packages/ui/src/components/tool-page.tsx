import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { fetchPortalSession, redirectToSignIn, type PortalSession } from "../api.js";
import { Page, type NavigationItem } from "./layout.js";
import { NotFoundBoundary } from "./not-found.js";

export interface ToolPageProps {
  /** The tool's name, shown in the service navigation and linking to its start page. */
  toolName: string;
  /** The tool's base path, e.g. /tools/consult/. */
  basePath: string;
  /** The tool's own pages; the current one is marked from the address. */
  navigation?: NavigationItem[];
  /** Where "Page not found" sends people (by default the tool's start page). */
  notFoundHome?: { href: string; text: string };
  /** The page; it reads the signed-in person with `usePortalSession()`. */
  children: ReactNode;
}

const SessionContext = createContext<PortalSession | undefined>(undefined);

/** The portal session of the `ToolPage` a page is shown in: who is signed in. */
export function usePortalSession(): PortalSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error("usePortalSession() is for pages inside a ToolPage");
  return session;
}

/**
 * Every page of a tool: the portal's header (its navigation, who is signed in and a sign-out
 * button) with the tool's name and navigation below. People who are not signed in are sent to sign in and brought back.
 */
export function ToolPage({
  toolName,
  basePath,
  navigation = [],
  notFoundHome = { href: basePath, text: `Go to the start of ${toolName}` },
  children,
}: ToolPageProps) {
  const [session, setSession] = useState<PortalSession | "loading" | "unavailable">("loading");
  useEffect(() => {
    fetchPortalSession().then(
      (found) => (found ? setSession(found) : redirectToSignIn()),
      () => setSession("unavailable"),
    );
  }, []);

  const signedIn = typeof session === "object" ? session : undefined;
  return (
    <Page
      serviceName={toolName}
      serviceUrl={basePath}
      navigation={navigation}
      session={signedIn}
      phase={{ tag: "Alpha", text: "This is a new service. It is being built in the open." }}
    >
      {session === "loading" && <p className="govuk-body">Loading…</p>}
      {session === "unavailable" && (
        <>
          <h1 className="govuk-heading-l">Sorry, Bernard is unavailable</h1>
          <p className="govuk-body">Try again in a few minutes.</p>
        </>
      )}
      {signedIn && (
        <SessionContext value={signedIn}>
          <NotFoundBoundary home={notFoundHome}>{children}</NotFoundBoundary>
        </SessionContext>
      )}
    </Page>
  );
}
