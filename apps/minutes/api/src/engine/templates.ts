import {
  templateDefinitionSchema,
  templateSectionSchema,
  type SectionKind,
  type TemplateSection,
} from "@bernard/minutes-contract";
import { z } from "zod";
import type { Action, Minutes, Point } from "./types.js";

/** A minutes template as data: what the app stores for the built-in and people's own templates. */
export const minutesTemplate = templateDefinitionSchema.extend({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,59}$/, "an id is lower-case letters, digits and dashes"),
});
export type MinutesTemplate = z.infer<typeof minutesTemplate>;
/** A template as written by a person or stored: defaults not yet filled in. */
export type MinutesTemplateInput = z.input<typeof minutesTemplate>;

const REPORTED =
  "Third person, past-tense reported speech throughout ('Ms Jones said that the service would…'); no verbatim quotation, no contractions, 'per cent' not 'percent', British spelling.";

/** The built-in templates; people add their own in the same shape. */
export const BUILT_IN_TEMPLATES: readonly MinutesTemplate[] = [
  {
    id: "formal",
    name: "Formal minutes (Cabinet style)",
    description:
      "Third-person reported speech, each item's discussion as numbered points, the Chair's summing up, then decisions and actions.",
    titlePrefix: "Minutes",
    style: `${REPORTED} Record the substance of what was said, not who said everything: group points by item.`,
    sections: [
      section("attendees", "Present", "Everyone who attended, as the transcript names them."),
      section("apologies", "Apologies", "Those who sent apologies."),
      section(
        "summary",
        "Summary",
        "One paragraph: what the meeting was for and what it settled.",
        {
          layout: "paragraph",
        },
      ),
      section(
        "items",
        "Items",
        "One entry per agenda item: the points made in discussion, each in reported speech, then what the Chair said in summing up.",
        {
          layout: "numbered",
          lead: "In discussion the following points were made:",
          summingUp: true,
        },
      ),
      section("decisions", "Decisions", "What the meeting agreed, each in one sentence."),
      section("actions", "Actions", "Each action with its owner and due date, as a table.", {
        layout: "table",
      }),
    ],
  },
  {
    id: "note",
    name: "Note of meeting",
    description: "A shorter note: the numbered action summary first, then the points by item.",
    titlePrefix: "Note of meeting",
    style: `${REPORTED} Brief: the points that matter for what happens next.`,
    sections: [
      section(
        "actions",
        "Summary of actions",
        "Every action, numbered, each with its owner and due date.",
        { layout: "numbered" },
      ),
      section("attendees", "Present", "Everyone who attended."),
      section("apologies", "Apologies", "Those who sent apologies."),
      section("items", "Items", "One entry per item: its main points in reported speech.", {
        layout: "numbered",
      }),
      section("decisions", "Decisions", "What was agreed."),
    ],
  },
  {
    id: "committee",
    name: "Committee minutes",
    description:
      "Declarations of interest first; each decision as a resolution with its proposer and seconder.",
    titlePrefix: "Minutes of the committee",
    style: `${REPORTED} Resolutions are worded as the committee passed them.`,
    sections: [
      section("attendees", "Present", "Members and others present."),
      section("apologies", "Apologies", "Apologies for absence."),
      section(
        "declarations",
        "Declarations of interest",
        "Each interest a member declared, and for which item.",
      ),
      section("summary", "Summary", "One paragraph on the business of the meeting.", {
        layout: "paragraph",
      }),
      section("items", "Items", "One entry per item of business: the points made.", {
        layout: "numbered",
      }),
      section(
        "decisions",
        "Resolutions",
        "Each decision as 'RESOLVED that …', with who proposed and who seconded it.",
        { layout: "resolved", proposerAndSeconder: true },
      ),
      section("actions", "Actions", "Each action with its owner and due date.", {
        layout: "table",
      }),
    ],
  },
  {
    id: "summary",
    name: "Short summary",
    description: "One paragraph, the decisions and the actions.",
    titlePrefix: "Summary",
    style: `${REPORTED} At most 200 words before the decisions.`,
    sections: [
      section("summary", "Summary", "One paragraph: what was discussed and settled.", {
        layout: "paragraph",
      }),
      section("decisions", "Decisions", "What was agreed."),
      section("actions", "Actions", "Each action with its owner and due date.", {
        layout: "table",
      }),
    ],
  },
];

function section(
  kind: SectionKind,
  heading: string,
  instructions: string,
  options: Partial<Omit<TemplateSection, "kind" | "heading" | "instructions">> = {},
): TemplateSection {
  return templateSectionSchema.parse({ kind, heading, instructions, ...options });
}

/** The built-in templates' ids, for a CLI's or a form's choices. */
export const TEMPLATE_IDS = BUILT_IN_TEMPLATES.map((template) => template.id);

/** A built-in template by id, or undefined. */
export function builtInTemplate(id: string): MinutesTemplate | undefined {
  return BUILT_IN_TEMPLATES.find((template) => template.id === id);
}

/** A built-in template by id or a template of one's own, as the exports are given them. */
export function templateFor(template: string | MinutesTemplate): MinutesTemplate {
  if (typeof template !== "string") return template;
  const builtIn = builtInTemplate(template);
  if (!builtIn) throw new Error(`There is no template called "${template}".`);
  return builtIn;
}

/** The meeting the minutes are of, as every export heads them. */
export interface MeetingHeading {
  title: string;
  /** YYYY-MM-DD; without it, the minutes' own date. */
  date?: string | null;
  chair?: string | null;
}

/** The document's title and its opening line ("Date: 2026-03-04. Chair: Priya Shah."). */
export function headingOf(
  minutes: Minutes,
  template: MinutesTemplate,
  meeting: MeetingHeading,
): { title: string; opening: string | undefined } {
  const date = meeting.date ?? minutes.date;
  const parts = [date && `Date: ${date}.`, meeting.chair && `Chair: ${meeting.chair}.`];
  return {
    title: `${template.titlePrefix}: ${meeting.title}`,
    opening: parts.filter(Boolean).join(" ") || undefined,
  };
}

/** A person's template checked against the schema, with what is wrong said field by field. */
export function parseTemplate(
  value: unknown,
): { ok: true; template: MinutesTemplate } | { ok: false; problems: string[] } {
  const parsed = minutesTemplate.safeParse(value);
  if (parsed.success) return { ok: true, template: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map(
      (issue) =>
        `${issue.path.length > 0 ? issue.path.join(".") : "the template"}: ${issue.message}`,
    ),
  };
}

/** One line of a rendered section, with the transcript turns it cites. */
export interface RenderedEntry {
  /** "1.", "(a)"; "" for a paragraph of its own; without one, a list bullet. */
  marker?: string;
  text: string;
  turns: number[];
  /** What a person should check (the model engine's failed checks). */
  problems?: string[];
}

/** A section of minutes laid out by its template, ready for Markdown, Word or a page. */
export type RenderedSection =
  | {
      heading: string;
      kind: "entries";
      /** Prose rather than a list (a summary). */
      paragraph?: boolean;
      lead?: string;
      entries: RenderedEntry[];
      empty?: string;
    }
  | {
      heading: string;
      kind: "items";
      items: { heading: string; lead?: string; entries: RenderedEntry[] }[];
      empty?: string;
    }
  | {
      heading: string;
      kind: "table";
      columns: string[];
      rows: { cells: string[]; turns: number[] }[];
      empty?: string;
    };

/**
 * The minutes laid out section by section as the template says: the same drafted minutes give
 * formal Cabinet minutes, a note with its actions first, committee minutes with resolutions, or
 * a short summary. Every entry keeps the turns it cites.
 */
export function renderMinutes(minutes: Minutes, template: MinutesTemplate): RenderedSection[] {
  return template.sections.flatMap((part) => {
    const rendered = renderSection(minutes, part);
    return rendered ? [rendered] : [];
  });
}

function renderSection(minutes: Minutes, part: TemplateSection): RenderedSection | undefined {
  const entries = (list: Point[], empty: string): RenderedSection => ({
    heading: part.heading,
    kind: "entries",
    ...(part.lead ? { lead: part.lead } : {}),
    ...(part.layout === "paragraph" ? { paragraph: true } : {}),
    entries: list.map((point, n) => ({ ...marked(part.layout, n), ...entryOf(point) })),
    empty,
  });
  const people = (names: string[]) => names.map((name) => ({ text: name, turns: [] }));
  switch (part.kind) {
    case "attendees":
      return entries(people(minutes.attendees), "No attendees were found in the transcript.");
    case "apologies":
      // A meeting with no apologies leaves the heading out, as minutes usually do.
      return minutes.apologies.length > 0 ? entries(people(minutes.apologies), "") : undefined;
    case "declarations":
      return entries(minutes.declarations, "None were declared.");
    case "summary":
      return {
        heading: part.heading,
        kind: "entries",
        paragraph: true,
        entries: minutes.summary ? [{ text: minutes.summary, turns: [] }] : [],
        empty: "No summary was drafted.",
      };
    case "items":
      return {
        heading: part.heading,
        kind: "items",
        items: minutes.items.map((item, index) => ({
          heading: `${index + 1}. ${item.title}`,
          ...(part.lead && item.points.length > 0 ? { lead: part.lead } : {}),
          entries: [
            ...item.points.map((point, n) => ({
              marker: `(${String.fromCharCode(97 + (n % 26))})`,
              ...entryOf(point),
            })),
            ...(part.summingUp && item.summingUp
              ? [
                  {
                    ...entryOf(item.summingUp),
                    marker: "",
                    text: summingUp(item.summingUp.text),
                  },
                ]
              : []),
          ],
        })),
        empty: "No items were found in the transcript.",
      };
    case "decisions":
      return entries(
        minutes.decisions.map((decision) => ({
          text: [
            part.layout === "resolved" ? resolved(decision.text) : decision.text,
            ...(part.proposerAndSeconder
              ? [
                  decision.proposer && `Proposed by ${decision.proposer}.`,
                  decision.seconder && `Seconded by ${decision.seconder}.`,
                ].filter(Boolean)
              : []),
          ].join(" "),
          turns: decision.turns,
          unsupported: decision.unsupported,
          problems: decision.problems,
        })),
        "No decisions were recorded.",
      );
    case "actions":
      if (part.layout === "table") {
        return {
          heading: part.heading,
          kind: "table",
          columns: ["#", "Action", "Owner", "Due", "Status"],
          rows: minutes.actions.map((action, n) => ({
            cells: [
              String(n + 1),
              action.text,
              action.owner ?? "To be agreed",
              dueOf(action),
              action.status ?? "open",
            ],
            turns: action.turns,
          })),
          empty: "No actions were recorded.",
        };
      }
      return entries(
        minutes.actions.map((action) => ({
          text: `${action.owner ?? "Owner to be agreed"}: ${sentence(action.text)}${dueOf(action) ? ` Due: ${dueOf(action)}.` : ""}`,
          turns: action.turns,
          unsupported: action.unsupported,
          problems: action.problems,
        })),
        "No actions were recorded.",
      );
    case "text": {
      const written = minutes.sections?.[part.heading];
      return entries(
        written ? [written] : [],
        "To be written: the model writes this section; the offline engine leaves it to you.",
      );
    }
  }
}

function entryOf(point: Point): RenderedEntry {
  const problems = [
    ...(point.unsupported ? ["no turn of the transcript supports this"] : []),
    ...(point.problems ?? []),
  ];
  return { text: point.text, turns: point.turns, ...(problems.length > 0 ? { problems } : {}) };
}

function marked(layout: TemplateSection["layout"], n: number): { marker?: string } {
  return layout === "numbered" ? { marker: `${n + 1}.` } : {};
}

/** "It was agreed that X." → "RESOLVED that X." */
function resolved(text: string): string {
  const rest = text.replace(/^It was (?:agreed|decided|resolved)\s+/i, "");
  return `RESOLVED ${/^(?:that|to)\b/i.test(rest) ? rest : `that ${rest.charAt(0).toLowerCase()}${rest.slice(1)}`}`;
}

/** "Ms Jones said that (to sum up,) X." → "Summing up, the Chair said that X." */
function summingUp(text: string): string {
  const said = /^.*?\b(said|asked|noted|added|agreed)\b (that |whether )?/.exec(text);
  if (!said) return `Summing up, the Chair said: ${text}`;
  const rest = text
    .slice(said[0].length)
    .replace(/^(?:so,?\s+)?(?:to sum up|in summary|summing up|to conclude),?\s*/i, "");
  return `Summing up, the Chair ${said[1]} ${said[2] ?? ""}${rest}`;
}

function dueOf(action: Action): string {
  return action.due ?? action.dueText ?? "";
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
