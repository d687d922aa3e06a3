import { STATUS_NAMES, STATUSES } from "@bernard/letters-contract";
import { ButtonLink, ListPage, SummaryList, errorMessage, useQuery } from "@bernard/ui";
import { queries } from "./api.js";
import { CASE_COLUMNS, CaseTable, caseKey } from "./status.js";

/** The dashboard (cases by status, due this week, overdue, answered in time) and every case. */
export function CasesPage() {
  const dashboard = useQuery(queries.dashboard());
  const cases = useQuery(queries.cases());
  const counts = new Map(dashboard.data?.byStatus.map((row) => [row.status, row.cases]));
  const inTime = dashboard.data?.answeredInTime;
  return (
    <ListPage
      title="Cases"
      intro="Log a letter or email, draft the reply from approved lines to take, check it and have it approved, then send it on the department's letterhead."
      action={<ButtonLink to="/new">Log a letter</ButtonLink>}
      list={cases}
      empty="There are no cases yet."
      caption="All cases, soonest deadline first"
      rowKey={caseKey}
      columns={CASE_COLUMNS}
    >
      {dashboard.error && <p className="govuk-body">{errorMessage(dashboard.error)}</p>}
      {dashboard.data && (
        <>
          <h2 className="govuk-heading-m">At a glance</h2>
          <SummaryList
            rows={[
              ...STATUSES.filter((status) => counts.has(status)).map((status) => ({
                key: STATUS_NAMES[status],
                value: counts.get(status),
              })),
              {
                key: "Answered within the deadline",
                value:
                  !inTime || inTime.share === null
                    ? "No replies sent yet"
                    : `${Math.round(inTime.share * 100)}% (${inTime.inTime} of ${inTime.sent})`,
              },
            ]}
          />
          {dashboard.data.overdue.length > 0 && (
            <CaseTable caption="Overdue" cases={dashboard.data.overdue} />
          )}
          {dashboard.data.dueThisWeek.length > 0 && (
            <CaseTable
              caption="Due in the next 5 working days"
              cases={dashboard.data.dueThisWeek}
            />
          )}
        </>
      )}
    </ListPage>
  );
}
