import type { ReactNode } from "react";
import { errorMessage } from "../api.js";
import { usePageTitle } from "../page-title.js";
import { Table, type TableProps } from "./content.js";

export type ListPageProps<Row> = Omit<TableProps<Row>, "rows"> & {
  /** The page's heading and title ("Meetings"). */
  title: string;
  /** What the tool does with them, in a sentence or two. */
  intro: ReactNode;
  /** The page's main action: a `<ButtonLink>` to add one. */
  action: ReactNode;
  /** The query that reads them: its rows once read, or why they could not be. */
  list: { data: Row[] | undefined; error: unknown };
  /** Said instead of the table when there are none ("There are no meetings yet."). */
  empty: string;
  /** Shown between the action and the table (a summary of them, say). */
  children?: ReactNode;
};

/** A tool's start page: what it is for, the button to add one, then every one the person may see. */
export function ListPage<Row>({
  title,
  intro,
  action,
  list: { data: rows, error },
  empty,
  children,
  ...table
}: ListPageProps<Row>) {
  usePageTitle(title);
  return (
    <>
      <h1 className="govuk-heading-l">{title}</h1>
      <p className="govuk-body">{intro}</p>
      {action}
      {!!error && <p className="govuk-body">{errorMessage(error)}</p>}
      {children}
      {rows?.length === 0 && <p className="govuk-body">{empty}</p>}
      {rows && rows.length > 0 && <Table rows={rows} {...table} />}
    </>
  );
}
