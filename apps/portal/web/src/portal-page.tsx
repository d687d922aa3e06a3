import type { PortalSession } from "@bernard/portal-contract";
import { Page, usePageTitle } from "@bernard/ui";
import { createContext, useContext, type ReactNode } from "react";

/** The session of the signed-in pages (app.tsx provides it once it has loaded). */
export const SessionContext = createContext<PortalSession | undefined>(undefined);

/** Who is signed in, on a page that needs someone signed in. */
export function useSession(): PortalSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession() is for pages inside the signed-in routes");
  return session;
}

/** Every signed-in page of the portal, with its title: the portal's header, the user and sign out. */
export function PortalPage({
  title,
  children,
}: {
  /** The page's name, for the browser's title ("<title> – Bernard"). */
  title: string;
  children: ReactNode;
}) {
  usePageTitle(title);
  return (
    <Page
      session={useSession()}
      phase={{ tag: "Alpha", text: "This is a new service. It is being built in the open." }}
    >
      {children}
    </Page>
  );
}

/**
 * What every form of the portal passes to `useSchemaForm`: when a form has problems, its error
 * summary takes focus (the GOV.UK pattern), not the first field with a problem.
 */
export const FORM_OPTIONS = { shouldFocusError: false } as const;
