import { documentFrom, type Block } from "@bernard/toolkit/exports";
import { renderMinutes, type MinutesTemplate, type RenderedEntry } from "../engine/templates.js";
import type { Minutes } from "../engine/types.js";

/**
 * Minutes as a Word document for `pnpm minutes draft --out x.docx`: the template's sections in
 * order, each entry followed by the turns it cites, the actions as a table.
 */
export async function minutesDocument(
  minutes: Minutes,
  template: MinutesTemplate,
  title: string,
): Promise<Buffer> {
  const blocks: Block[] = [];
  if (minutes.date) blocks.push({ paragraph: `Date: ${minutes.date}` });
  for (const section of renderMinutes(minutes, template)) {
    blocks.push({ heading: section.heading, level: 1 });
    if (section.kind === "table") {
      if (section.rows.length === 0) blocks.push({ paragraph: section.empty ?? "" });
      else
        blocks.push({
          headings: [...section.columns, "Turns"],
          rows: section.rows.map((row) => [...row.cells, row.turns.join(", ")]),
          alignRight: [0],
        });
      continue;
    }
    const groups =
      section.kind === "items"
        ? section.items
        : [{ heading: undefined, lead: section.lead, entries: section.entries }];
    if (groups.length === 0 || groups.every((group) => group.entries.length === 0))
      blocks.push({ paragraph: section.empty ?? "" });
    for (const group of groups) {
      if (group.heading) blocks.push({ heading: group.heading, level: 2 });
      if (group.lead) blocks.push({ paragraph: group.lead });
      for (const entry of group.entries) blocks.push({ paragraph: line(entry) });
    }
  }
  return documentFrom(`${template.titlePrefix}: ${title}`, blocks);
}

function line(entry: RenderedEntry): string {
  const cited =
    entry.turns.length > 0
      ? ` (turn${entry.turns.length > 1 ? "s" : ""} ${entry.turns.join(", ")})`
      : "";
  const check = entry.problems?.length ? ` Check: ${entry.problems.join("; ")}` : "";
  return `${entry.marker ? `${entry.marker} ` : ""}${entry.text}${cited}${check}`;
}
