import type { MeetingHeading, MinutesTemplate } from "../engine/templates.js";
import type { Minutes } from "../engine/types.js";
import { readingOrder } from "./reading-order.js";

/** The minutes as plain text in the template's layout, each entry ending with its turns. */
export function minutesText(
  minutes: Minutes,
  template: string | MinutesTemplate,
  meeting: MeetingHeading,
): string {
  const { title, blocks } = readingOrder(minutes, template, meeting);
  const cited = (turns: number[]) =>
    turns.length > 0 ? ` [turn${turns.length > 1 ? "s" : ""} ${turns.join(", ")}]` : "";
  const lines = [title.toUpperCase(), ""];
  for (const block of blocks) {
    if ("heading" in block)
      lines.push(block.heading, (block.level === 1 ? "=" : "-").repeat(block.heading.length));
    else if ("paragraph" in block) {
      const check = block.problems ? ` Check: ${block.problems.join("; ")}` : "";
      lines.push(`${block.paragraph}${cited(block.turns)}${check}`);
    } else
      for (const { cells, turns } of block.rows) {
        // "1. Send the quotes. Owner: Tom. Due: 2026-03-06. Status: open."
        const [number, action, ...rest] = cells;
        const details = block.columns
          .slice(2)
          .map((column, i) => `${column}: ${rest[i] || "not set"}.`)
          .join(" ");
        lines.push(`${number}. ${action} ${details}${cited(turns)}`);
      }
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
