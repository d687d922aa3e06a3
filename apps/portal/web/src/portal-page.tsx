import { Page, usePageTitle, type PortalSession } from "@bernard/ui";
import type { ReactNode } from "react";

/** Every signed-in page of the portal, with its title: the portal's header, the user and sign out. */
export function PortalPage({
  session,
  title,
  children,
}: {
  session: PortalSession;
  /** The page's name, for the browser's title ("<title> – Bernard"). */
  title: string;
  children: ReactNode;
}) {
  usePageTitle(title);
  return (
    <Page
      session={session}
      phase={{ tag: "Alpha", text: "This is a new service. It is being built in the open." }}
    >
      {children}
    </Page>
  );
}
