import { STATUS_NAMES, type CaseStatus, type CaseSummary } from "@bernard/letters-contract";
import { Table, Tag, formatDate, type TableColumn, type TagColour } from "@bernard/ui";
import { Link } from "@tanstack/react-router";

const COLOURS: Record<CaseStatus, TagColour> = {
  received: "grey",
  allocated: "blue",
  drafting: "light-blue",
  quality_check: "purple",
  approval: "yellow",
  approved: "turquoise",
  sent: "green",
  transferred: "grey",
  no_reply: "grey",
};

export function StatusTag({ status }: { status: CaseStatus }) {
  return <Tag colour={COLOURS[status]}>{STATUS_NAMES[status]}</Tag>;
}

/** A table of cases: reference (a link), who wrote, what about, status and deadline. */
export const CASE_COLUMNS: TableColumn<CaseSummary>[] = [
  {
    header: "Reference",
    cell: (row) => (
      <Link className="govuk-link" to="/c/$id" params={{ id: row.id }}>
        {row.reference}
      </Link>
    ),
  },
  {
    header: "From",
    cell: (row) => (row.mpName ? `${row.mpName} MP` : row.correspondentName || "Not known"),
  },
  {
    header: "About",
    cell: (row) => (
      <>
        {row.subject || row.topic || "Not given"}
        {row.campaignLead && (
          <>
            <br />
            <Tag colour="purple">{`Campaign of ${row.campaignLead.cases} letters`}</Tag>
          </>
        )}
      </>
    ),
  },
  {
    header: "Status",
    cell: (row) => (
      <>
        <StatusTag status={row.status} />
        {row.usesUnusableLines && (
          <>
            {" "}
            <Tag colour="red">Cites a withdrawn or expired line</Tag>
          </>
        )}
      </>
    ),
  },
  {
    header: "Deadline",
    cell: (row) => (
      <>
        {formatDate(row.deadline)}
        {row.overdue && (
          <>
            {" "}
            <Tag colour="red">Overdue</Tag>
          </>
        )}
      </>
    ),
  },
];

export const caseKey = (row: CaseSummary) => row.id;

export function CaseTable({ caption, cases }: { caption: string; cases: CaseSummary[] }) {
  return <Table caption={caption} rows={cases} rowKey={caseKey} columns={CASE_COLUMNS} />;
}
