import type { Minutes, Template } from "@bernard/minutes-contract";
import { minutesLayout } from "./layout.js";

/** The minutes as plain text in the template's layout, each point ending with its turns. */
export function minutesText(
  minutes: Minutes,
  template: Template,
  meeting: { title: string; date: string; chair: string },
): string {
  const { title, blocks } = minutesLayout(minutes, template, meeting);
  const cited = (turns: number[] | undefined) =>
    turns?.length ? ` [turn${turns.length > 1 ? "s" : ""} ${turns.join(", ")}]` : "";
  const lines = [title.toUpperCase(), ""];
  for (const block of blocks) {
    if ("heading" in block) lines.push(block.heading, "-".repeat(block.heading.length));
    else if ("paragraph" in block) lines.push(`${block.paragraph}${cited(block.turns)}`);
    else
      for (const row of block.rows)
        lines.push(
          `${row.cells[0]}. ${row.cells[1]} Owner: ${row.cells[2]}. Due: ${row.cells[3] || "not set"}. Status: ${row.cells[4]}.${cited(row.turns)}`,
        );
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
