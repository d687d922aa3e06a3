import {
  headingOf,
  renderMinutes,
  templateFor,
  type MeetingHeading,
  type MinutesTemplate,
} from "../engine/templates.js";
import type { Minutes } from "../engine/types.js";

/** One part of the minutes in reading order; `turns` are the transcript turns it cites. */
export type MinutesBlock =
  | { heading: string; level: 1 | 2 }
  | { paragraph: string; turns: number[]; problems?: string[] }
  | { columns: string[]; rows: { cells: string[]; turns: number[] }[] };

/**
 * The template's layout (`renderMinutes`) read top to bottom, for the Word and plain-text
 * exports: the CLI and the app draw the same minutes the same way.
 */
export function readingOrder(
  minutes: Minutes,
  template: string | MinutesTemplate,
  meeting: MeetingHeading,
): { title: string; blocks: MinutesBlock[] } {
  const chosen = templateFor(template);
  const { title, opening } = headingOf(minutes, chosen, meeting);
  const blocks: MinutesBlock[] = opening ? [{ paragraph: opening, turns: [] }] : [];
  const say = (paragraph: string | undefined) => {
    if (paragraph) blocks.push({ paragraph, turns: [] });
  };
  for (const section of renderMinutes(minutes, chosen)) {
    blocks.push({ heading: section.heading, level: 1 });
    if (section.kind === "table") {
      if (section.rows.length === 0) say(section.empty);
      else blocks.push({ columns: section.columns, rows: section.rows });
      continue;
    }
    const groups =
      section.kind === "items"
        ? section.items
        : [{ heading: undefined, lead: section.lead, entries: section.entries }];
    const empty =
      section.kind === "items" ? section.items.length === 0 : section.entries.length === 0;
    if (empty) say(section.empty);
    for (const group of groups) {
      if (group.heading) blocks.push({ heading: group.heading, level: 2 });
      if (group.entries.length > 0) say(group.lead);
      for (const entry of group.entries)
        blocks.push({
          paragraph: entry.marker ? `${entry.marker} ${entry.text}` : entry.text,
          turns: entry.turns,
          ...(entry.problems ? { problems: entry.problems } : {}),
        });
    }
  }
  return { title, blocks };
}
