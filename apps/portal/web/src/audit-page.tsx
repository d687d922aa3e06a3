import {
  Button,
  DateInput,
  ErrorSummary,
  Pagination,
  Table,
  datePartsOf,
  errorMessage,
  formatDateTime,
  readDateParts,
  type DatePart,
  type DateParts,
  useQuery,
} from "@bernard/ui";
import { useNavigate } from "@tanstack/react-router";
import { useState, type FormEvent } from "react";
import { queries, queryString } from "./api.js";
import { PortalPage } from "./portal-page.js";

const FIELDS = [
  {
    id: "action",
    label: "Action starts with",
    hint: "For example sign-in, user or audit.exported",
  },
  { id: "who", label: "Person (email address, or part of it)" },
] as const;

const DATES = [
  { id: "from", legend: "From" },
  { id: "to", legend: "To" },
] as const;
type DateField = (typeof DATES)[number]["id"];
type DateProblem = { field: DateField; message: string; parts: DatePart[] };

/** The audit log: the filters live in the address, so a filtered view can be bookmarked and shared. */
export function AuditPage({
  search,
}: {
  search: { action?: string; who?: string; from?: string; to?: string; page?: string };
}) {
  const navigate = useNavigate();
  const query = queryString(search);
  const audit = useQuery(queries.audit(query));
  const results = audit.data;
  const problem = audit.isError ? errorMessage(audit.error) : undefined;
  const [dates, setDates] = useState<Record<DateField, DateParts>>({
    from: datePartsOf(search.from),
    to: datePartsOf(search.to),
  });
  const [dateProblems, setDateProblems] = useState<DateProblem[]>([]);

  const lastPage = results ? Math.max(1, Math.ceil(results.total / results.pageSize)) : 1;

  // The filters go into the address (so a view can be bookmarked), once both dates read as dates.
  const filter = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: Record<string, string> = {};
    for (const field of FIELDS) {
      const typed = form.get(field.id);
      next[field.id] = typeof typed === "string" ? typed : "";
    }
    const problems: DateProblem[] = [];
    for (const { id, legend } of DATES) {
      const read = readDateParts(dates[id], legend);
      if (read.state === "invalid") problems.push({ field: id, ...read });
      next[id] = read.state === "valid" ? read.value : "";
    }
    setDateProblems(problems);
    if (problems.length === 0) void navigate({ to: "/admin/audit", search: next });
  };
  const dateProblem = (field: DateField) => dateProblems.find((found) => found.field === field);

  return (
    <PortalPage title="Audit log">
      <ErrorSummary
        errors={[
          ...(problem ? [{ href: "#action", text: problem }] : []),
          ...dateProblems.map((found) => ({
            href: `#${found.field}-${found.parts[0] ?? "day"}`,
            text: found.message,
          })),
        ]}
      />
      <h1 className="govuk-heading-l">Audit log</h1>
      <form noValidate onSubmit={filter} className="govuk-!-margin-bottom-6">
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
              type="text"
              defaultValue={search[field.id] ?? ""}
              aria-describedby={"hint" in field ? `${field.id}-hint` : undefined}
            />
          </div>
        ))}
        {DATES.map(({ id, legend }) => (
          <DateInput
            key={id}
            id={id}
            legend={legend}
            hint="For example, 27 3 2026"
            value={dates[id]}
            onChange={(value) => setDates({ ...dates, [id]: value })}
            error={dateProblem(id)?.message}
            errorParts={dateProblem(id)?.parts}
          />
        ))}
        <div className="govuk-button-group">
          <Button type="submit">Filter</Button>
          <a className="govuk-link" href={`/api/admin/audit.csv?${query}`}>
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
              { header: "When", cell: (event) => formatDateTime(event.at) },
              { header: "What", cell: (event) => event.action },
              { header: "Who", cell: (event) => event.actorEmail ?? "—" },
              { header: "About", cell: (event) => event.target ?? "—" },
              { header: "From", cell: (event) => event.ip ?? "—" },
            ]}
          />
          <Pagination
            label="Pages of the audit log"
            page={results.page}
            pages={lastPage}
            linkTo={(page) => ({ to: "/admin/audit", search: { ...search, page: String(page) } })}
            previous="Newer entries"
            next="Older entries"
            numbered={false}
          />
        </>
      )}
    </PortalPage>
  );
}
