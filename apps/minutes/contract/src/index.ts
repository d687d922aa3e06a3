/**
 * The minute summariser's API, written once: the request and response schemas of every route.
 * The API's routes validate and serialise with them; the pages parse replies with them and check
 * forms with the same rules. Browser-safe: zod and the toolkit's contract only.
 */
import { modelEstimateSchema } from "@bernard/toolkit/contract";
import { z } from "zod";

// The suite's shared shapes (errors, jobs, the person signed in) are part of every tool's contract.
export * from "@bernard/toolkit/contract";

/**
 * The summariser's pages, below its base path (`$name` is a parameter): the UI's router has a route
 * for each, and the API answers each (any other page is 404).
 */
export const PAGES = {
  meetings: "/",
  newMeeting: "/new",
  meeting: "/m/$id",
  meetingDetails: "/m/$id/details",
  minutes: "/m/$id/minutes",
  actions: "/actions",
  settings: "/settings",
  templates: "/templates",
  newTemplate: "/templates/new",
  template: "/templates/$id",
} as const;
export type Page = keyof typeof PAGES;
export { changeSchema, type Change } from "@bernard/toolkit/change-log";

export const meetingParams = z.object({ id: z.uuid("There is no such meeting") });
export const versionParams = meetingParams.extend({ number: z.coerce.number().int().min(1) });

/** Required text, its messages naming it ("section's heading"). */
const text = (what: string, max = 4_000) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${what}`)
    .max(max, `The ${what} must be ${max.toLocaleString("en-GB")} characters or fewer`);

// Templates: how minutes are laid out and written. Four are built in; people add their own.

/**
 * What a section of minutes holds. Each kind is filled from one part of the drafted minutes;
 * `text` is a section the model writes from its instructions (the offline engine leaves it for a
 * person to write).
 */
export const SECTION_KINDS = [
  "attendees",
  "apologies",
  "declarations",
  "summary",
  "items",
  "decisions",
  "actions",
  "text",
] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];
export const SECTION_KIND_NAMES: Record<SectionKind, string> = {
  attendees: "Who was present",
  apologies: "Apologies",
  declarations: "Declarations of interest",
  summary: "Summary of the meeting",
  items: "Agenda items and the points made",
  decisions: "Decisions",
  actions: "Actions",
  text: "Text the AI model writes from the instructions",
};
export const LAYOUTS = ["list", "numbered", "table", "resolved", "paragraph"] as const;
export const LAYOUT_NAMES: Record<(typeof LAYOUTS)[number], string> = {
  list: "A bulleted list",
  numbered: "A numbered list",
  table: "A table",
  resolved: "“RESOLVED that …” lines",
  paragraph: "A paragraph",
};

export const templateSectionSchema = z.object({
  kind: z.enum(SECTION_KINDS, "Choose what the section holds"),
  heading: text("section's heading", 120),
  /** What the section should say and how: given to the model, shown to whoever edits the template. */
  instructions: text("section's instructions", 2_000),
  /** How its entries are set out: a list, numbered, a table, or "RESOLVED" lines for decisions. */
  layout: z.enum(LAYOUTS, "Choose how the section is set out").default("list"),
  /** Said before the entries, as Cabinet minutes open each item's discussion. */
  lead: z.string().trim().max(200).optional(),
  /** Items only: the Chair's closing words as "Summing up, the Chair said that …". */
  summingUp: z.boolean().default(false),
  /** Decisions only: who proposed and who seconded each, when the transcript says. */
  proposerAndSeconder: z.boolean().default(false),
});
export type TemplateSection = z.infer<typeof templateSectionSchema>;

/** A template's content: what a person writes, and what the built-in ones are. */
export const templateDefinitionSchema = z.object({
  name: text("template's name", 80),
  description: text("template's description", 300),
  /** The document's title before the meeting's: "Minutes", "Note of meeting". */
  titlePrefix: text("title's first words", 60),
  /** How the whole document is written (voice, tense, what to leave out): given to the model. */
  style: text("template's style", 2_000),
  sections: z
    .array(templateSectionSchema)
    .min(1, "Add at least one section")
    .max(20, "A template has at most 20 sections")
    .refine(
      (sections) => new Set(sections.map((section) => section.heading)).size === sections.length,
      "Give each section its own heading",
    ),
});
export type TemplateDefinition = z.infer<typeof templateDefinitionSchema>;

/** A template a person adds; an admin may make it one everyone can use. */
export const newTemplateSchema = templateDefinitionSchema.extend({
  forEveryone: z.boolean().default(false),
});
export type NewTemplate = z.input<typeof newTemplateSchema>;

/** A template as the lists show it: built in, everyone's, or one's own. */
export const templateSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  builtIn: z.boolean(),
  forEveryone: z.boolean(),
  /** Who added it; null for a built-in one. */
  ownerName: z.string().nullable(),
  /** Whether this person may change or delete it (its owner; an admin for everyone's). */
  mayChange: z.boolean(),
});
export type TemplateSummary = z.infer<typeof templateSummarySchema>;
export const templateDetailsSchema = templateSummarySchema.extend(templateDefinitionSchema.shape);
export type TemplateDetails = z.infer<typeof templateDetailsSchema>;
export const templateParams = z.object({ id: z.string().min(1).max(60) });

/** A meeting's template: a built-in one's id ("formal") or the id of one a person added. */
export const templateSchema = z
  .string("Choose a template")
  .min(1, "Choose a template")
  .max(60, "Choose a template");
export type Template = z.infer<typeof templateSchema>;

/** How long something is kept: a meeting's transcript after it was uploaded, its minutes after they were agreed. */
export const RETENTION = ["none", "7", "30", "90", "keep"] as const;
export type RetentionPeriod = (typeof RETENTION)[number];
export const retentionSchema = z.object({
  transcripts: z.enum(RETENTION, "Choose how long transcripts and recordings are kept"),
  agreedMinutes: z.enum(RETENTION, "Choose how long agreed minutes are kept"),
});
export type Retention = z.infer<typeof retentionSchema>;

export const STATUSES = ["draft", "circulated", "agreed"] as const;
export type MeetingStatus = (typeof STATUSES)[number];

// Minutes: every point, decision and action cites the 0-based indices of transcript turns.

const turns = z.array(z.number().int().min(0)).max(500);

export const pointSchema = z.object({ text: text("point"), turns });
export type Point = z.infer<typeof pointSchema>;

export const ACTION_STATUSES = ["open", "done"] as const;
export const actionSchema = z.object({
  text: text("action"),
  owner: z.string().trim().max(200).nullable(),
  due: z.iso.date("Enter a real due date, like 2026-03-31").nullable(),
  dueText: z.string().nullable(),
  status: z.enum(ACTION_STATUSES).default("open"),
  turns,
});
export type Action = z.infer<typeof actionSchema>;

export const minutesSchema = z.object({
  date: z.string().nullable(),
  attendees: z.array(z.string()),
  apologies: z.array(z.string()),
  declarations: z.array(pointSchema),
  summary: z.string().max(20_000),
  items: z.array(
    z.object({
      title: text("item's title", 500),
      from: z.number().int(),
      to: z.number().int(),
      points: z.array(pointSchema),
    }),
  ),
  decisions: z.array(pointSchema),
  actions: z.array(actionSchema),
});
export type Minutes = z.infer<typeof minutesSchema>;

export const VERSION_SOURCES = ["generated", "person", "ai"] as const;
export type VersionSource = (typeof VERSION_SOURCES)[number];

export const versionSummarySchema = z.object({
  number: z.number(),
  source: z.enum(VERSION_SOURCES),
  authorName: z.string(),
  createdAt: z.string(),
  /** For a version that brought back an earlier one. */
  restoredFrom: z.number().nullable(),
});
export type VersionSummary = z.infer<typeof versionSummarySchema>;

/** One place in the minutes: `summary`, `items.0.title`, `items.0.points.1`, `decisions.0`, `actions.2`. */
export const refSchema = z
  .string()
  .regex(
    /^(summary|items\.\d+\.(title|points\.\d+)|decisions\.\d+|actions\.\d+)$/,
    "Choose a point",
  );

/** A house-style problem in the text at `ref`. */
export const styleFlagSchema = z.object({
  ref: refSchema,
  rule: z.enum(["contraction", "first-person", "percent", "us-spelling", "unshifted-time"]),
  found: z.string(),
  message: z.string(),
});
export type StyleFlag = z.infer<typeof styleFlagSchema>;

/** What a version changed from the one before it, place by place. */
export const differenceSchema = z.object({
  ref: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});
export type Difference = z.infer<typeof differenceSchema>;

export const versionSchema = versionSummarySchema.extend({
  minutes: minutesSchema,
  styleFlags: z.array(styleFlagSchema),
  changes: z.array(differenceSchema),
});
export type Version = z.infer<typeof versionSchema>;

/** A person's edit: the whole minutes as they now stand, on top of the version they edited. */
export const editMinutesSchema = z.object({
  basedOn: z.number().int().min(1),
  minutes: minutesSchema,
});
export type EditMinutes = z.input<typeof editMinutesSchema>;

/** An AI edit: what to change, said to the model, on top of the version the person sees. */
export const aiEditSchema = z.object({
  basedOn: z.number().int().min(1),
  instruction: text("instruction", 1_000),
});
export type AiEditRequest = z.input<typeof aiEditSchema>;

/** The version an AI edit saved, with what a person should check in it. */
export const aiEditResultSchema = versionSchema.extend({ problems: z.array(z.string()) });

/** Whether a model is there for AI edits: its name, or why not (the page shows it). */
export const engineChoiceSchema = z.discriminatedUnion("engine", [
  z.object({ engine: z.literal("model"), model: z.string() }),
  z.object({ engine: z.literal("offline"), reason: z.string() }),
]);
export type EngineChoice = z.infer<typeof engineChoiceSchema>;

// Meetings

/** Who besides its owner may see a meeting. */
export const sharingSchema = z.object({
  openToEveryone: z.boolean(),
  sharedWith: z.array(z.string().trim().min(1).max(200)).max(50),
});
export type Sharing = z.infer<typeof sharingSchema>;

const names = z.array(z.string().trim().min(1).max(200)).max(300);

export const meetingDetailsSchema = z.object({
  title: text("meeting's title", 200),
  date: z.iso.date("Enter the meeting's date, like 2026-03-31"),
  chair: text("chair's name", 200),
  template: templateSchema,
  /** Agenda item titles, in order; without them the items come from the transcript. */
  agenda: z.array(z.string().trim().min(1).max(500)).max(100).default([]),
});

export const newMeetingSchema = meetingDetailsSchema.extend(sharingSchema.partial().shape);
export type NewMeeting = z.input<typeof newMeetingSchema>;

export const updateMeetingSchema = meetingDetailsSchema.partial().extend({
  attendees: names.optional(),
  apologies: names.optional(),
});
export type UpdateMeeting = z.input<typeof updateMeetingSchema>;

export const renameSpeakersSchema = z.object({
  renames: z
    .array(z.object({ from: z.string().min(1), to: text("new name", 200) }))
    .min(1, "Give at least one new name")
    .max(300),
});

export const meetingSchema = z.object({
  id: z.string(),
  title: z.string(),
  date: z.string(),
  chair: z.string(),
  template: templateSchema,
  templateName: z.string(),
  agenda: z.array(z.string()),
  attendees: z.array(z.string()),
  apologies: z.array(z.string()),
  ownerId: z.string(),
  ownerName: z.string(),
  openToEveryone: z.boolean(),
  sharedWith: z.array(z.string()),
  status: z.enum(STATUSES),
  transcript: z
    .object({
      fileName: z.string(),
      format: z.string(),
      turns: z.number(),
      speakers: z.array(z.string()),
      uploadedAt: z.string(),
      /** When the retention setting deletes it (null: kept). */
      deleteOn: z.string().nullable(),
    })
    .nullable(),
  /** Set once the transcript was deleted under the retention setting. */
  transcriptPurgedAt: z.string().nullable(),
  retention: retentionSchema,
  /** When the chair agreed the minutes, and when the retention setting deletes the meeting then (null: kept). */
  agreed: z.object({ at: z.string(), deleteOn: z.string().nullable() }).nullable(),
  latestVersion: versionSummarySchema.nullable(),
  createdAt: z.string(),
});
export type Meeting = z.infer<typeof meetingSchema>;

export const turnSchema = z.object({
  index: z.number(),
  speaker: z.string(),
  text: z.string(),
  start: z.number().optional(),
  end: z.number().optional(),
});
export type Turn = z.infer<typeof turnSchema>;

/** Starting a draft; `replaceEdits` confirms that a person's latest edits may be set aside (they stay in the versions). */
export const engineSchema = z.enum(
  ["offline", "model"],
  "Choose the offline engine or the AI model",
);
export type Engine = z.infer<typeof engineSchema>;

export const startDraftSchema = z.object({
  engine: engineSchema.default("offline"),
  replaceEdits: z.boolean().default(false),
});

/** The jobs the API runs about a meeting, as pages find them, and the stages each reports. */
export const DRAFT_JOB = {
  name: "draft-minutes",
  kind: "meeting",
  stages: ["Reading the transcript", "Drafting the minutes", "Saving the minutes"],
} as const;
export const TRANSCRIBE_JOB = {
  name: "transcribe-recording",
  kind: "meeting",
  stages: ["Transcribing the recording", "Saving the transcript"],
} as const;

/** What drafting is likely to take with each engine, shown before it starts. */
export const draftEstimateSchema = z.object({
  turns: z.number(),
  offline: z.object({ seconds: z.number() }),
  model: modelEstimateSchema,
});
export type DraftEstimate = z.infer<typeof draftEstimateSchema>;

export const commentSchema = z.object({
  id: z.string(),
  ref: z.string(),
  version: z.number(),
  authorName: z.string(),
  text: z.string(),
  createdAt: z.string(),
});
export type Comment = z.infer<typeof commentSchema>;
export const newCommentSchema = z.object({ ref: refSchema, text: text("comment", 2_000) });

export const exportParams = meetingParams.extend({
  format: z.enum(["docx", "md", "txt"], "Choose docx, md or txt"),
});

// Actions across meetings

export const ACTION_FILTERS = ["open", "done", "overdue", "all"] as const;
export const actionListQuery = z.object({
  scope: z.enum(["mine", "team"]).default("mine"),
  filter: z.enum(ACTION_FILTERS).default("all"),
});
export type ActionListQuery = z.infer<typeof actionListQuery>;

export const actionRowSchema = z.object({
  meetingId: z.string(),
  meetingTitle: z.string(),
  meetingDate: z.string(),
  index: z.number(),
  text: z.string(),
  owner: z.string().nullable(),
  due: z.string().nullable(),
  status: z.enum(ACTION_STATUSES),
  overdue: z.boolean(),
});
export type ActionRow = z.infer<typeof actionRowSchema>;
