import { NotificationBanner, SummaryList, formatDate, useQuery } from "@bernard/ui";
import { queries } from "./api.js";
import { PortalPage, useSession } from "./portal-page.js";

export function HomePage() {
  const session = useSession();
  const status = useQuery(queries.status);
  const loading = "Loading…";

  return (
    <PortalPage title="Home">
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {status.isError && (
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
              { key: "Version", value: status.data?.version ?? loading },
              {
                key: "Installed on",
                value: status.data?.installation
                  ? formatDate(status.data.installation.installedAt)
                  : loading,
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
  const catalogue = useQuery(queries.catalogue);
  if (catalogue.isError)
    return (
      <p className="govuk-body">We could not load your tools. Refresh the page to try again.</p>
    );
  if (!catalogue.data) return <p className="govuk-body">Loading…</p>;
  if (catalogue.data.length === 0) {
    return (
      <p className="govuk-body">
        There are no tools for you yet. Tools appear here once an administrator has switched them on
        for you.
      </p>
    );
  }
  return (
    <ul className="govuk-list bernard-catalogue">
      {catalogue.data.map((tool) => (
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
