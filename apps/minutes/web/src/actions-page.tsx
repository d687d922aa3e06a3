import { ACTION_FILTERS, type ActionListQuery } from "@bernard/minutes-contract";
import { Radios, Table, Tag, errorMessage, formatDate, useQuery, usePageTitle } from "@bernard/ui";
import { Link, useNavigate } from "@tanstack/react-router";
import { API, queries } from "./api.js";

const FILTER_WORDS = { all: "All", open: "Open", done: "Done", overdue: "Overdue" } as const;

/** "My actions" and the team's action log across every meeting the person may see. */
export function ActionsPage({ query }: { query: ActionListQuery }) {
  const navigate = useNavigate();
  const { data: rows, error } = useQuery(queries.actions(query));
  const title = query.scope === "mine" ? "My actions" : "Team action log";
  usePageTitle(title);
  const go = (change: Partial<ActionListQuery>) =>
    void navigate({ to: "/actions", search: { ...query, ...change } });
  return (
    <>
      <h1 className="govuk-heading-l">{title}</h1>
      <p className="govuk-body">
        The actions in the current minutes of every meeting you can see
        {query.scope === "mine" ? ", with you as their owner." : "."}
      </p>
      <Radios
        name="scope"
        legend="Whose actions?"
        options={[
          { value: "mine", text: "Mine" },
          { value: "team", text: "Everyone's" },
        ]}
        value={[query.scope]}
        onChange={([scope]) => go({ scope: scope as ActionListQuery["scope"] })}
      />
      <Radios
        name="filter"
        legend="Which?"
        options={ACTION_FILTERS.map((value) => ({ value, text: FILTER_WORDS[value] }))}
        value={[query.filter]}
        onChange={([filter]) => go({ filter: filter as ActionListQuery["filter"] })}
      />
      <p className="govuk-body">
        <a
          className="govuk-link"
          href={`${API}/actions.csv?${new URLSearchParams(query)}`}
          download
        >
          Download these actions (CSV)
        </a>
      </p>
      {error && <p className="govuk-body">{errorMessage(error)}</p>}
      {rows?.length === 0 && <p className="govuk-body">There are no such actions.</p>}
      {rows && rows.length > 0 && (
        <Table
          caption={`${title}: ${FILTER_WORDS[query.filter].toLowerCase()}`}
          rows={rows}
          rowKey={(row) => `${row.meetingId}-${row.index}`}
          columns={[
            { header: "Action", cell: (row) => row.text },
            { header: "Owner", cell: (row) => row.owner ?? "To be agreed" },
            { header: "Due", cell: (row) => (row.due ? formatDate(row.due) : "Not set") },
            {
              header: "Status",
              cell: (row) =>
                row.overdue ? (
                  <Tag colour="red">Overdue</Tag>
                ) : row.status === "done" ? (
                  <Tag colour="green">Done</Tag>
                ) : (
                  <Tag colour="blue">Open</Tag>
                ),
            },
            {
              header: "Meeting",
              cell: (row) => (
                <Link className="govuk-link" to="/m/$id/minutes" params={{ id: row.meetingId }}>
                  {row.meetingTitle} ({formatDate(row.meetingDate)})
                </Link>
              ),
            },
          ]}
        />
      )}
    </>
  );
}
