import { NotificationBanner, SummaryList } from "@bernard/ui";
import { useEffect, useState } from "react";
import { fetchStatus, type PortalStatus, type Session } from "./api.js";
import { PortalPage } from "./portal-page.js";

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
});

export function HomePage({ session }: { session: Session }) {
  const [status, setStatus] = useState<PortalStatus>();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    fetchStatus(controller.signal).then(setStatus, () => {
      if (!controller.signal.aborted) setFailed(true);
    });
    return () => controller.abort();
  }, []);

  return (
    <PortalPage session={session}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {failed && (
            <NotificationBanner>
              <p className="govuk-notification-banner__heading">
                We could not load the details of this installation. Refresh the page to try again.
              </p>
            </NotificationBanner>
          )}
          <h1 className="govuk-heading-xl">Bernard</h1>
          <p className="govuk-body">Signed in as {session.user.name}.</p>
          <p className="govuk-body-l">
            AI assistants for civil servants: sort consultation responses into themes, write up
            meetings as formal minutes, and draft replies to correspondence. Every assistant works
            without an AI model, and better with one. People make the decisions.
          </p>
          <h2 className="govuk-heading-m">Your tools</h2>
          <p className="govuk-body">
            Tools appear here once an administrator has enabled them for you.
          </p>
          <h2 className="govuk-heading-m">This installation</h2>
          <SummaryList
            rows={[
              { key: "Version", value: status?.version ?? "Loading…" },
              {
                key: "Installed on",
                value: status?.installation
                  ? dateFormat.format(new Date(status.installation.installedAt))
                  : "Loading…",
              },
            ]}
          />
        </div>
      </div>
    </PortalPage>
  );
}
