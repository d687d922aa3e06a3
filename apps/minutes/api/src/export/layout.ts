import type { Minutes, Template, Turn } from "@bernard/minutes-contract";

/** One part of the minutes in reading order; `turns` are the transcript turns it cites. */
export type Block =
  | { heading: string }
  | { paragraph: string; turns?: number[] }
  | { headings: string[]; rows: { cells: string[]; turns: number[] }[] };

const TITLES: Record<Template, string> = {
  formal: "Minutes",
  note: "Note of meeting",
  committee: "Minutes of the committee",
  summary: "Summary",
};

/**
 * The minutes laid out in the template's order (as the Markdown export has them): formal
 * minutes in Cabinet style, a note of meeting with its actions first, committee minutes with
 * declarations and RESOLVED, or a short summary. Word and plain text are drawn from it.
 */
export function minutesLayout(
  minutes: Minutes,
  template: Template,
  meeting: { title: string; date: string; chair: string },
): {
  title: string;
  blocks: Block[];
} {
  const blocks: Block[] = [{ paragraph: `Date: ${meeting.date}. Chair: ${meeting.chair}.` }];
  const actions = actionsTable(minutes);
  if (template === "note") blocks.push({ heading: "Actions" }, actions);
  if (template !== "summary") {
    blocks.push(
      { heading: "Present" },
      { paragraph: minutes.attendees.join(", ") || "Not recorded." },
    );
    if (minutes.apologies.length > 0)
      blocks.push({ heading: "Apologies" }, { paragraph: minutes.apologies.join(", ") });
  }
  if (template === "committee") {
    blocks.push({ heading: "Declarations of interest" });
    if (minutes.declarations.length === 0) blocks.push({ paragraph: "None were declared." });
    for (const point of minutes.declarations)
      blocks.push({ paragraph: point.text, turns: point.turns });
  }
  if (template !== "note") blocks.push({ heading: "Summary" }, { paragraph: minutes.summary });
  if (template !== "summary") {
    minutes.items.forEach((item, index) => {
      blocks.push({ heading: `${index + 1}. ${item.title}` });
      if (template === "formal")
        blocks.push({ paragraph: "In discussion the following points were made:" });
      item.points.forEach((point, n) =>
        blocks.push({
          paragraph: `(${String.fromCharCode(97 + (n % 26))}) ${point.text}`,
          turns: point.turns,
        }),
      );
    });
  }
  blocks.push({ heading: "Decisions" });
  if (minutes.decisions.length === 0) blocks.push({ paragraph: "No decisions were recorded." });
  for (const decision of minutes.decisions) {
    const text =
      template === "committee"
        ? `RESOLVED ${decision.text.replace(/^It was agreed /, "")}`
        : decision.text;
    blocks.push({ paragraph: text, turns: decision.turns });
  }
  if (template !== "note") blocks.push({ heading: "Actions" }, actions);
  return { title: `${TITLES[template]}: ${meeting.title}`, blocks };
}

function actionsTable(minutes: Minutes): Block {
  if (minutes.actions.length === 0) return { paragraph: "No actions were recorded." };
  return {
    headings: ["#", "Action", "Owner", "Due", "Status"],
    rows: minutes.actions.map((action, n) => ({
      cells: [
        String(n + 1),
        action.text,
        action.owner ?? "To be agreed",
        action.due ?? action.dueText ?? "",
        action.status,
      ],
      turns: action.turns,
    })),
  };
}

/** "00:01:23" for a turn's start, when the transcript had times. */
function clock(seconds: number): string {
  const whole = Math.floor(seconds);
  return [whole / 3600, (whole % 3600) / 60, whole % 60]
    .map((part) => String(Math.floor(part)).padStart(2, "0"))
    .join(":");
}

/**
 * Where a point came from, for a footnote: each cited turn with its speaker and time; after the
 * transcript was deleted, only the turn numbers remain.
 */
export function citation(cited: number[], turns: Turn[] | null): string {
  const parts = cited.map((index) => {
    const turn = turns?.[index];
    if (!turn) return `turn ${index}`;
    return `turn ${index}, ${turn.speaker}${turn.start !== undefined ? ` at ${clock(turn.start)}` : ""}`;
  });
  const text = parts.join("; ");
  return `Transcript: ${text}.`;
}
