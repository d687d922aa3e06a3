import { NotificationBanner, SummaryList, formatDate, type PortalSession } from "@bernard/ui";
import { useEffect, useState } from "react";
import { fetchCatalogue, fetchStatus, type CatalogueEntry, type PortalStatus } from "./api.js";
import { PortalPage } from "./portal-page.js";

export function HomePage({ session }: { session: PortalSession }) {
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
    <PortalPage session={session} title="Home">
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
          <Catalogue />
          <h2 className="govuk-heading-m">This installation</h2>
          <SummaryList
            rows={[
              { key: "Version", value: status?.version ?? "Loading…" },
              {
                key: "Installed on",
                value: status?.installation
                  ? formatDate(status.installation.installedAt)
                  : "Loading…",
              },
            ]}
          />
        </div>
      </div>
    </PortalPage>
  );
}

/** The tools this person may open; an admin switching one off removes it at once. */
function Catalogue() {
  const [tools, setTools] = useState<CatalogueEntry[]>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    fetchCatalogue().then(setTools, () => setFailed(true));
  }, []);

  if (failed)
    return (
      <p className="govuk-body">We could not load your tools. Refresh the page to try again.</p>
    );
  if (!tools) return <p className="govuk-body">Loading…</p>;
  if (tools.length === 0) {
    return (
      <p className="govuk-body">
        There are no tools for you yet. Tools appear here once an administrator has switched them on
        for you.
      </p>
    );
  }
  return (
    <ul className="govuk-list bernard-catalogue">
      {tools.map((tool) => (
        <li key={tool.id} className="govuk-!-margin-bottom-6">
          <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
            <a className="govuk-link" href={tool.href}>
              {tool.name}
            </a>
          </h3>
          <p className="govuk-body govuk-!-margin-bottom-0">{tool.description}</p>
        </li>
      ))}
    </ul>
  );
}
