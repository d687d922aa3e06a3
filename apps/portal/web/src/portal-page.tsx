import { Page, signOutOfPortal, type PortalSession } from "@bernard/ui";
import type { ReactNode } from "react";

/** Every signed-in page: the service navigation (admins also see Users), the user and sign out. */
export function PortalPage({ session, children }: { session: PortalSession; children: ReactNode }) {
  const here = window.location.pathname;
  const links = [
    { href: "/", text: "Home" },
    { href: "/account", text: "Your account" },
    ...(session.user.role === "admin"
      ? [
          { href: "/admin/tools", text: "Tools" },
          { href: "/admin/models", text: "Models" },
          { href: "/admin/users", text: "Users" },
          { href: "/admin/audit", text: "Audit log" },
        ]
      : []),
  ];
  const onSignOut = () => signOutOfPortal(session.csrfToken);
  return (
    <Page
      navigation={links.map((link) => ({ ...link, current: link.href === here }))}
      user={{ name: session.user.name, onSignOut }}
      phase={{ tag: "Alpha", text: "This is a new service. It is being built in the open." }}
    >
      {children}
    </Page>
  );
}
