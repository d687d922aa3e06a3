import { documentFrom } from "@bernard/toolkit/exports";
import type { MeetingHeading, MinutesTemplate } from "../engine/templates.js";
import type { Minutes } from "../engine/types.js";
import type { Turn } from "../transcripts/types.js";
import { readingOrder } from "./reading-order.js";

/**
 * The minutes as a Word document in the template's layout, for the app's export and
 * `pnpm minutes draft --out x.docx` alike: every entry's citations as a footnote (speaker and
 * time of each turn), the actions as a table, what a person should check said after the entry.
 */
export async function minutesDocx(
  minutes: Minutes,
  template: string | MinutesTemplate,
  meeting: MeetingHeading,
  turns: readonly Turn[] | null,
): Promise<Buffer> {
  const { title, blocks } = readingOrder(minutes, template, meeting);
  const note = (cited: number[]) => (cited.length > 0 ? citation(cited, turns) : undefined);
  return documentFrom(
    title,
    blocks.map((block) => {
      if ("heading" in block) return block;
      if ("paragraph" in block) {
        const check = block.problems ? ` Check: ${block.problems.join("; ")}` : "";
        return { paragraph: `${block.paragraph}${check}`, footnote: note(block.turns) };
      }
      return {
        headings: block.columns,
        rows: block.rows.map((row) => row.cells),
        alignRight: [0],
        footnotes: block.rows.map((row) => note(row.turns)),
        footnoteColumn: 1,
      };
    }),
  );
}

/** "00:01:23" for a turn's start, when the transcript had times. */
function clock(seconds: number): string {
  const whole = Math.floor(seconds);
  return [whole / 3600, (whole % 3600) / 60, whole % 60]
    .map((part) => String(Math.floor(part)).padStart(2, "0"))
    .join(":");
}

/**
 * Where an entry came from, for its footnote: each cited turn with its speaker and time; after
 * the transcript was deleted, only the turn numbers remain.
 */
function citation(cited: number[], turns: readonly Turn[] | null): string {
  const parts = cited.map((index) => {
    const turn = turns?.[index];
    if (!turn) return `turn ${index}`;
    return `turn ${index}, ${turn.speaker}${turn.start !== undefined ? ` at ${clock(turn.start)}` : ""}`;
  });
  return `Transcript: ${parts.join("; ")}.`;
}
