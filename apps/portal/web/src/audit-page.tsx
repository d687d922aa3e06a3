import { ErrorSummary, Table, type PortalSession, errorMessage } from "@bernard/ui";
import { useEffect, useState } from "react";
import { searchAudit, type AuditPage as AuditResults } from "./api.js";
import { PortalPage } from "./portal-page.js";

const FIELDS = [
  {
    id: "action",
    label: "Action starts with",
    hint: "For example sign-in, user or audit.exported",
  },
  { id: "who", label: "Person (email address, or part of it)" },
  { id: "from", label: "From (YYYY-MM-DD)", type: "date" },
  { id: "to", label: "To (YYYY-MM-DD)", type: "date" },
] as const;

const timeFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "medium",
  timeZone: "UTC",
});

/** The audit log: the filters live in the address, so a filtered view can be bookmarked and shared. */
export function AuditPage({ session }: { session: PortalSession }) {
  const query = new URLSearchParams(window.location.search);
  const [results, setResults] = useState<AuditResults>();
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    searchAudit(query.toString()).then(setResults, (error: unknown) =>
      setProblem(errorMessage(error)),
    );
    // The query comes from the address, which only changes with a page load.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const pageLink = (page: number) => {
    const next = new URLSearchParams(query);
    next.set("page", String(page));
    return `?${next.toString()}`;
  };
  const lastPage = results ? Math.max(1, Math.ceil(results.total / results.pageSize)) : 1;

  return (
    <PortalPage session={session}>
      <ErrorSummary errors={problem ? [{ href: "#action", text: problem }] : []} />
      <h1 className="govuk-heading-l">Audit log</h1>
      <form method="get" action="/admin/audit" className="govuk-!-margin-bottom-6">
        {FIELDS.map((field) => (
          <div className="govuk-form-group" key={field.id}>
            <label className="govuk-label" htmlFor={field.id}>
              {field.label}
            </label>
            {"hint" in field && (
              <div className="govuk-hint" id={`${field.id}-hint`}>
                {field.hint}
              </div>
            )}
            <input
              className="govuk-input govuk-input--width-20"
              id={field.id}
              name={field.id}
              type={"type" in field ? field.type : "text"}
              defaultValue={query.get(field.id) ?? ""}
              aria-describedby={"hint" in field ? `${field.id}-hint` : undefined}
            />
          </div>
        ))}
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Filter
          </button>
          <a className="govuk-link" href={`/api/admin/audit.csv?${query.toString()}`}>
            Download these entries as CSV
          </a>
        </div>
      </form>
      {results && (
        <>
          <p className="govuk-body" role="status">
            {results.total === 0
              ? "No entries match."
              : `${results.total.toLocaleString("en-GB")} entries, newest first.`}
          </p>
          <Table
            caption={`Page ${results.page} of ${lastPage}`}
            rowKey={(event) => event.id}
            rows={results.events}
            columns={[
              { header: "When (UTC)", cell: (event) => timeFormat.format(new Date(event.at)) },
              { header: "What", cell: (event) => event.action },
              { header: "Who", cell: (event) => event.actorEmail ?? "—" },
              { header: "About", cell: (event) => event.target ?? "—" },
              { header: "From", cell: (event) => event.ip ?? "—" },
            ]}
          />
          {lastPage > 1 && (
            <nav className="govuk-pagination" aria-label="Pages of the audit log">
              {results.page > 1 && (
                <div className="govuk-pagination__prev">
                  <a
                    className="govuk-link govuk-pagination__link"
                    href={pageLink(results.page - 1)}
                    rel="prev"
                  >
                    <span className="govuk-pagination__link-title">Newer entries</span>
                  </a>
                </div>
              )}
              {results.page < lastPage && (
                <div className="govuk-pagination__next">
                  <a
                    className="govuk-link govuk-pagination__link"
                    href={pageLink(results.page + 1)}
                    rel="next"
                  >
                    <span className="govuk-pagination__link-title">Older entries</span>
                  </a>
                </div>
              )}
            </nav>
          )}
        </>
      )}
    </PortalPage>
  );
}
