import type { Minutes, Point } from "../engine/types.js";

export const TEMPLATES = ["formal", "note", "committee", "summary"] as const;
export type Template = (typeof TEMPLATES)[number];

/**
 * Minutes as Markdown in one of the templates: formal minutes in Cabinet style, a note of meeting
 * with the actions first, committee minutes (declarations, RESOLVED), or a short summary. Every
 * point ends with the transcript turns it came from.
 */
export function minutesMarkdown(minutes: Minutes, template: Template, title = "Meeting"): string {
  const heading = {
    formal: `# Minutes: ${title}`,
    note: `# Note of meeting: ${title}`,
    committee: `# Minutes of the committee: ${title}`,
    summary: `# Summary: ${title}`,
  }[template];
  const parts = [heading];
  if (minutes.date) parts.push(`Date: ${minutes.date}`);
  if (template === "note") parts.push(actionsSection(minutes, "numbered"));
  if (template === "summary") {
    parts.push(
      minutes.summary,
      decisionsSection(minutes, "list"),
      actionsSection(minutes, "table"),
    );
    return `${parts.join("\n\n")}\n`;
  }
  parts.push(peopleSection("Present", minutes.attendees));
  if (minutes.apologies.length > 0) parts.push(peopleSection("Apologies", minutes.apologies));
  if (template === "committee") {
    parts.push(
      minutes.declarations.length > 0
        ? `## Declarations of interest\n\n${minutes.declarations.map((point) => `- ${cited(point)}`).join("\n")}`
        : "## Declarations of interest\n\nNone were declared in the transcript.",
    );
  }
  if (template !== "note") parts.push(`## Summary\n\n${minutes.summary}`);
  minutes.items.forEach((item, index) => {
    const points = item.points.map((point, n) => `${letter(n)} ${cited(point)}`).join("\n\n");
    parts.push(
      `## ${index + 1}. ${item.title}\n\n${template === "formal" ? "In discussion the following points were made:\n\n" : ""}${points}`,
    );
  });
  parts.push(decisionsSection(minutes, template === "committee" ? "resolved" : "list"));
  if (template !== "note") parts.push(actionsSection(minutes, "table"));
  return `${parts.join("\n\n")}\n`;
}

function peopleSection(heading: string, names: string[]): string {
  return `## ${heading}\n\n${names.map((name) => `- ${name}`).join("\n")}`;
}

function decisionsSection(minutes: Minutes, style: "list" | "resolved"): string {
  if (minutes.decisions.length === 0) return "## Decisions\n\nNo decisions were recorded.";
  const lines = minutes.decisions.map((decision) =>
    style === "resolved"
      ? `- RESOLVED ${cited({ ...decision, text: decision.text.replace(/^It was agreed /, "") })}`
      : `- ${cited(decision)}`,
  );
  return `## Decisions\n\n${lines.join("\n")}`;
}

function actionsSection(minutes: Minutes, style: "table" | "numbered"): string {
  if (minutes.actions.length === 0) return "## Actions\n\nNo actions were recorded.";
  const due = (action: Minutes["actions"][number]) => action.due ?? action.dueText ?? "";
  if (style === "numbered") {
    return `## Actions\n\n${minutes.actions
      .map(
        (action, n) =>
          `${n + 1}. ${action.owner ?? "Owner to be agreed"}: ${cited(action)}${due(action) ? ` Due: ${due(action)}.` : ""}`,
      )
      .join("\n")}`;
  }
  const rows = minutes.actions.map(
    (action, n) =>
      `| ${n + 1} | ${cell(action.text)} | ${cell(action.owner ?? "to be agreed")} | ${cell(due(action))} | ${action.turns.join(", ")} |`,
  );
  return `## Actions\n\n| # | Action | Owner | Due | Turns |\n| - | - | - | - | - |\n${rows.join("\n")}`;
}

function cited(point: Point): string {
  const text = /[.!?]$/.test(point.text) ? point.text : `${point.text}.`;
  return `${text} (turn${point.turns.length > 1 ? "s" : ""} ${point.turns.join(", ")})`;
}

function letter(n: number): string {
  return `(${String.fromCharCode(97 + (n % 26))})`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
