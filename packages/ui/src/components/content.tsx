import { useRouter, type RouterHistory } from "@tanstack/react-router";
import { useId, useRef, type MouseEvent, type ReactNode } from "react";
import { useGovukComponent } from "../govuk.js";
import { usePageTitle } from "../page-title.js";

const loadNotificationBanner = () =>
  import("govuk-frontend").then((module) => module.NotificationBanner);

export type TagColour =
  | "grey"
  | "green"
  | "turquoise"
  | "blue"
  | "light-blue"
  | "purple"
  | "pink"
  | "red"
  | "orange"
  | "yellow";

export function Tag({ colour, children }: { colour?: TagColour; children: ReactNode }) {
  return (
    <strong className={`govuk-tag${colour ? ` govuk-tag--${colour}` : ""}`}>{children}</strong>
  );
}

export interface TableColumn<Row> {
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
}

export interface TableProps<Row> {
  /** Names the table, and the scrolling box around it for screen readers. */
  caption: ReactNode;
  columns: TableColumn<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
}

export function Table<Row>({ caption, columns, rows, rowKey }: TableProps<Row>) {
  const captionId = useId();
  // WCAG 1.4.10: at 320 px a wide table scrolls inside its own box, never the whole page. The
  // box is a named region that takes focus, so keyboard users can scroll it too.
  return (
    <div className="bernard-table-container" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="govuk-table">
        <caption id={captionId} className="govuk-table__caption govuk-table__caption--m">
          {caption}
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {columns.map((column, index) => (
              <th
                key={index}
                scope="col"
                className={`govuk-table__header${column.numeric ? " govuk-table__header--numeric" : ""}`}
              >
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((row) => (
            <tr key={rowKey(row)} className="govuk-table__row">
              {columns.map((column, index) => (
                <td
                  key={index}
                  className={`govuk-table__cell${column.numeric ? " govuk-table__cell--numeric" : ""}`}
                >
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * GOV.UK warning text: something a person should know before they act (what a step would set
 * aside, what is no longer there), with the buttons to answer it when there are any.
 */
export function WarningText({ role, children }: { role?: "status"; children: ReactNode }) {
  return (
    <div className="govuk-warning-text" role={role}>
      <span className="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <div className="govuk-warning-text__text">
        <span className="govuk-visually-hidden">Warning</span>
        {children}
      </div>
    </div>
  );
}

/** A message about the whole page; "success" banners take focus so the outcome is announced. */
export function NotificationBanner({
  title,
  type,
  children,
}: {
  title?: string;
  type?: "success";
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useGovukComponent(ref, loadNotificationBanner);
  const success = type === "success";
  return (
    <div
      className={`govuk-notification-banner${success ? " govuk-notification-banner--success" : ""}`}
      role={success ? "alert" : "region"}
      aria-labelledby="govuk-notification-banner-title"
      data-module="govuk-notification-banner"
      ref={ref}
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="govuk-notification-banner-title">
          {title ?? (success ? "Success" : "Important")}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">{children}</div>
    </div>
  );
}

/**
 * A plain link's click handler: inside a tool's router, a link to another of its pages opens
 * without loading the page again (a new tab or window still works as a link does).
 */
function useOpenInApp() {
  const router = useRouter({ warn: false }) as { history: RouterHistory } | undefined;
  return (href: string) => (event: MouseEvent) => {
    const plainClick = event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey;
    if (!router || !plainClick || !href.startsWith("/")) return;
    event.preventDefault();
    router.history.push(href);
  };
}

export interface SummaryListRow {
  key: ReactNode;
  value: ReactNode;
  /** An action for the row, e.g. { href: "#", text: "Change", visuallyHiddenText: "title" }. */
  action?: { href: string; text: string; visuallyHiddenText: string };
}

export function SummaryList({ rows }: { rows: SummaryListRow[] }) {
  const openInApp = useOpenInApp();
  const anyActions = rows.some((row) => row.action);
  return (
    <dl className="govuk-summary-list">
      {rows.map((row, index) => (
        <div
          key={index}
          className={`govuk-summary-list__row${anyActions && !row.action ? " govuk-summary-list__row--no-actions" : ""}`}
        >
          <dt className="govuk-summary-list__key">{row.key}</dt>
          <dd className="govuk-summary-list__value">{row.value}</dd>
          {row.action && (
            <dd className="govuk-summary-list__actions">
              <a className="govuk-link" href={row.action.href} onClick={openInApp(row.action.href)}>
                {row.action.text}
                <span className="govuk-visually-hidden"> {row.action.visuallyHiddenText}</span>
              </a>
            </dd>
          )}
        </div>
      ))}
    </dl>
  );
}

export interface TaskListItem {
  title: string;
  href?: string;
  hint?: ReactNode;
  status: { text: string; colour?: TagColour };
}

/** A list of tasks with their status; "Completed" shows as plain text, anything else as a tag. */
export function TaskList({ id = "task-list", items }: { id?: string; items: TaskListItem[] }) {
  const openInApp = useOpenInApp();
  return (
    <ul className="govuk-task-list">
      {items.map((item, index) => {
        const hintId = `${id}-${index + 1}-hint`;
        const statusId = `${id}-${index + 1}-status`;
        return (
          <li
            key={item.title}
            className={`govuk-task-list__item${item.href ? " govuk-task-list__item--with-link" : ""}`}
          >
            <div className="govuk-task-list__name-and-hint">
              {item.href ? (
                <a
                  className="govuk-link govuk-task-list__link"
                  href={item.href}
                  onClick={openInApp(item.href)}
                  aria-describedby={item.hint ? `${hintId} ${statusId}` : statusId}
                >
                  {item.title}
                </a>
              ) : (
                <div>{item.title}</div>
              )}
              {item.hint && (
                <div id={hintId} className="govuk-task-list__hint">
                  {item.hint}
                </div>
              )}
            </div>
            <div
              className={`govuk-task-list__status${item.href ? "" : " govuk-task-list__status--cannot-start-yet"}`}
              id={statusId}
            >
              {item.status.text === "Completed" ? (
                item.status.text
              ) : (
                <Tag colour={item.status.colour ?? "blue"}>{item.status.text}</Tag>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The GOV.UK "Page not found" content, for an address the app has no page for or a thing that
 * does not exist (the server answers such pages with 404); the title says so too.
 */
export function PageNotFound({ home }: { home: { href: string; text: string } }) {
  usePageTitle("Page not found");
  return (
    <>
      <h1 className="govuk-heading-l">Page not found</h1>
      <p className="govuk-body">If you typed the web address, check it is correct.</p>
      <p className="govuk-body">
        If you pasted the web address, check you copied the entire address.
      </p>
      <p className="govuk-body">
        <a className="govuk-link" href={home.href}>
          {home.text}
        </a>
      </p>
    </>
  );
}
