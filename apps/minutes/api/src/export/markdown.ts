import {
  headingOf,
  renderMinutes,
  TEMPLATE_IDS,
  templateFor,
  type MeetingHeading,
  type MinutesTemplate,
  type RenderedEntry,
} from "../engine/templates.js";
import type { Minutes } from "../engine/types.js";

export const TEMPLATES = TEMPLATE_IDS;
/** A built-in template's id ("formal", "note", "committee", "summary"). */
export type Template = string;

/**
 * Minutes as Markdown, laid out by a template (a built-in one by id, or a person's own): formal
 * minutes in Cabinet style, a note of meeting with the actions first, committee minutes with
 * resolutions, a short summary. Every entry ends with the transcript turns it came from.
 */
export function minutesMarkdown(
  minutes: Minutes,
  template: Template | MinutesTemplate,
  meeting: MeetingHeading = { title: "Meeting" },
): string {
  const chosen = templateFor(template);
  const { title, opening } = headingOf(minutes, chosen, meeting);
  const parts = [`# ${title}`];
  if (opening) parts.push(opening);
  for (const section of renderMinutes(minutes, chosen)) {
    const body =
      section.kind === "table"
        ? section.rows.length === 0
          ? section.empty
          : [
              `| ${[...section.columns, "Turns"].join(" | ")} |`,
              `|${" - |".repeat(section.columns.length + 1)}`,
              ...section.rows.map(
                (row) => `| ${[...row.cells, row.turns.join(", ")].map(cell).join(" | ")} |`,
              ),
            ].join("\n")
        : section.kind === "items"
          ? section.items.length === 0
            ? section.empty
            : section.items
                .map((item) =>
                  [`### ${item.heading}`, item.lead, entriesOf(item.entries, "\n\n")]
                    .filter(Boolean)
                    .join("\n\n"),
                )
                .join("\n\n")
          : section.entries.length === 0
            ? section.empty
            : section.paragraph
              ? section.entries.map((entry) => entry.text).join("\n\n")
              : [section.lead, entriesOf(section.entries, "\n")].filter(Boolean).join("\n\n");
    parts.push(`## ${section.heading}\n\n${body}`);
  }
  return `${parts.join("\n\n")}\n`;
}

function entriesOf(entries: RenderedEntry[], separator: string): string {
  return entries
    .map((entry) => {
      const text = entry.turns.length > 0 ? cited(entry) : entry.text;
      if (entry.marker === "") return text;
      return entry.marker ? `${entry.marker} ${text}` : `- ${text}`;
    })
    .join(separator);
}

function cited(entry: RenderedEntry): string {
  const text = /[.!?]$/.test(entry.text) ? entry.text : `${entry.text}.`;
  const flags = entry.problems?.length ? ` **Check:** ${entry.problems.join("; ")}` : "";
  return `${text} (turn${entry.turns.length > 1 ? "s" : ""} ${entry.turns.join(", ")})${flags}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
