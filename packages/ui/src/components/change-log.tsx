import type { ReactNode } from "react";
import { formatDateTime } from "../dates.js";
import { Table } from "./content.js";

/** One change as a change log shows it: when, who (a person, or the AI), and what. */
export interface ChangeLogEntry<Action extends string = string> {
  /** When, as the API sends it (ISO 8601). */
  at: string;
  /** A person's name; for the AI, the name the tool gives its engine's changes. */
  actorName: string;
  /** Whether a person or the AI made the change. */
  source: "person" | "ai";
  action: Action;
}

/**
 * The changes to something, newest first, as a GOV.UK table: when, who (marked person or AI)
 * and what, in the words the tool gives each of its kinds of change (`describe`).
 */
export function ChangeLog<Entry extends ChangeLogEntry>({
  changes,
  describe,
  caption = "Changes, newest first",
  limit = 20,
}: {
  changes: Entry[];
  describe: (change: Entry) => ReactNode;
  caption?: ReactNode;
  /** How many to show; the newest come first. */
  limit?: number;
}) {
  if (changes.length === 0) return <p className="govuk-body">No changes yet.</p>;
  return (
    <Table
      caption={caption}
      rows={changes.slice(0, limit).map((change, index) => ({ change, key: String(index) }))}
      rowKey={(row) => row.key}
      columns={[
        { header: "When", cell: ({ change }) => formatDateTime(change.at) },
        {
          header: "Who",
          cell: ({ change }) => `${change.actorName} (${change.source === "ai" ? "AI" : "person"})`,
        },
        { header: "What", cell: ({ change }) => describe(change) },
      ]}
    />
  );
}
