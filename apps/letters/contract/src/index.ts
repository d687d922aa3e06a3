/**
 * The letter drafter's API, written once: the request and response schemas of every route and
 * the types inferred from them. The API's routes validate and document with them; the pages parse
 * every reply and check their forms with them. Browser-safe: zod and the toolkit's contract only.
 */
import { meSchema as personSchema, modelEstimateSchema } from "@bernard/toolkit/contract";
import { z } from "zod";

// The suite's shared shapes (errors, jobs, the person signed in) are part of every tool's contract.
export * from "@bernard/toolkit/contract";

/**
 * The drafter's pages, below its base path (`$name` is a parameter): the UI's router has a route
 * for each, and the API answers each (any other page is 404).
 */
export const PAGES = {
  cases: "/",
  newCase: "/new",
  lines: "/lines",
  settings: "/settings",
  oneCase: "/c/$id",
  editCase: "/c/$id/edit",
  oneVersion: "/c/$id/versions/$number",
} as const;
export type Page = keyof typeof PAGES;

/** The job that drafts a reply with the model: its name, what it is tied to, and its stages in order. */
export const DRAFT_JOB = {
  name: "draft-reply",
  subjectKind: "case",
  stages: ["Drafting the reply with the AI model", "Saving the draft"],
};

export { changeSchema, type Change } from "@bernard/toolkit/change-log";

export const caseParams = z.object({ id: z.uuid("There is no such case") });
export const lineParams = z.object({ id: z.string().min(1).max(200) });
export const versionParams = caseParams.extend({
  number: z.coerce.number().int("There is no such version").min(1, "There is no such version"),
});
export const exportParams = caseParams.extend({
  format: z.enum(["docx", "txt"], "Choose docx or txt"),
});

const text = (what: string, max = 200) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${what}`)
    .max(max, `The ${what} must be ${max.toLocaleString("en-GB")} characters or fewer`);
const optionalText = (what: string, max = 200) =>
  z
    .string()
    .trim()
    .max(max, `The ${what} must be ${max.toLocaleString("en-GB")} characters or fewer`)
    .default("");
const isoDate = (what: string) => z.iso.date(`Enter the ${what} as a real date, like 2026-03-03`);

// Cases

export const CHANNELS = ["letter", "email", "web form"] as const;
export const REPLY_TYPES = ["policy", "standard", "transfer", "none"] as const;
export const REPLY_TYPE_NAMES: Record<(typeof REPLY_TYPES)[number], string> = {
  policy: "Policy response",
  standard: "Standard reply",
  transfer: "Transfer to another department",
  none: "No reply needed",
};
export type ReplyType = (typeof REPLY_TYPES)[number];

/** Where a case is on its way from arrival to dispatch. */
export const STATUSES = [
  "received",
  "allocated",
  "drafting",
  "quality_check",
  "approval",
  "approved",
  "sent",
  "transferred",
  "no_reply",
] as const;
export type CaseStatus = (typeof STATUSES)[number];
export const STATUS_NAMES: Record<CaseStatus, string> = {
  received: "Received",
  allocated: "Allocated",
  drafting: "Drafting",
  quality_check: "Quality check",
  approval: "Awaiting approval",
  approved: "Approved",
  sent: "Sent",
  transferred: "Transferred",
  no_reply: "No reply needed",
};
/** Statuses in which a case is finished with. */
export const CLOSED_STATUSES: readonly CaseStatus[] = ["sent", "transferred", "no_reply"];

export const CORRESPONDENT_TYPES = ["mp", "public"] as const;

/** What was read from a letter, or corrected by a person: every field editable. */
export const letterFieldsSchema = z.object({
  correspondentType: z.enum(CORRESPONDENT_TYPES, "Choose who wrote"),
  correspondentName: optionalText("correspondent's name"),
  address: z.array(z.string().trim().min(1).max(200)).max(10).default([]),
  postcode: optionalText("postcode", 10),
  email: z
    .union([z.literal(""), z.email("Enter an email address like name@example.com")])
    .default(""),
  mpName: optionalText("MP's name"),
  constituency: optionalText("constituency"),
  mpReference: optionalText("MP's reference", 60),
  constituentName: optionalText("constituent's name"),
  letterDate: z.union([z.literal(""), isoDate("date of the letter")]).default(""),
  subject: optionalText("subject", 300),
  points: z
    .array(z.string().trim().min(1).max(5_000))
    .max(50, "A letter can raise at most 50 points")
    .default([]),
});
export type LetterFields = z.infer<typeof letterFieldsSchema>;

/** What the intake read from a pasted or uploaded letter, for the person to check. */
export const intakeSchema = z.object({
  fileName: z.string().nullable(),
  format: z.enum(["text", "eml", "docx", "pdf"]),
  letterText: z.string(),
  fields: letterFieldsSchema,
  channel: z.enum(CHANNELS),
  /** Today, and the deadline counted from it in working days (bank holidays left out). */
  receivedOn: z.string(),
  deadline: z.string(),
  workingDays: z.number(),
  /** Open cases whose letter has the same text: a campaign answered once. */
  campaign: z.array(z.object({ id: z.string(), reference: z.string() })),
});
export type Intake = z.infer<typeof intakeSchema>;

export const pastedLetterSchema = z.object({
  text: text("letter's text", 100_000),
});

export const caseDetailsSchema = z.object({
  channel: z.enum(CHANNELS, "Choose how it arrived"),
  receivedOn: isoDate("date it was received"),
  /** Leave it out to count the deadline from the received date. */
  deadline: isoDate("deadline").optional(),
  topic: optionalText("topic"),
  team: optionalText("team"),
  replyType: z.enum(REPLY_TYPES, "Choose the kind of reply"),
});

/** Who besides its owner may see a case: everyone who uses the tool, or teams (portal groups). */
export const sharingSchema = z.object({
  openToEveryone: z.boolean(),
  sharedWith: z.array(z.string().trim().min(1, "Name the team").max(200)).max(50),
});
export type Sharing = z.infer<typeof sharingSchema>;

export const newCaseSchema = caseDetailsSchema
  .extend(letterFieldsSchema.shape)
  .extend(sharingSchema.partial().shape)
  .extend({
    letterText: text("letter's text", 100_000),
    /** Whether a letter with the same text as open cases joins their campaign (it does unless a person says not). */
    joinCampaign: z.boolean().default(true),
  });
export type NewCase = z.input<typeof newCaseSchema>;

export const updateCaseSchema = caseDetailsSchema
  .partial()
  .extend(letterFieldsSchema.partial().shape)
  .extend({
    /**
     * A date a person sets (a new received date then leaves it alone), or null to count it again
     * from the received date.
     */
    deadline: z.union([isoDate("deadline"), z.null()]).optional(),
  });
export type UpdateCase = z.input<typeof updateCaseSchema>;

export const caseSummarySchema = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.enum(STATUSES),
  correspondentName: z.string(),
  mpName: z.string(),
  subject: z.string(),
  topic: z.string(),
  team: z.string(),
  assigneeName: z.string().nullable(),
  receivedOn: z.string(),
  deadline: z.string(),
  overdue: z.boolean(),
  /** The draft cites a line that has since expired or been withdrawn. */
  usesUnusableLines: z.boolean(),
  /**
   * The campaign the case is in (letters with the same text, answered once): its lead case, whose
   * approved reply serves every case in it, and how many cases it has; null outside a campaign.
   */
  campaignLead: z.object({ id: z.string(), reference: z.string(), cases: z.number() }).nullable(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const caseSchema = caseSummarySchema
  .extend(caseDetailsSchema.shape)
  .extend(letterFieldsSchema.shape)
  .extend(sharingSchema.shape)
  .extend({
    deadline: z.string(),
    /** A person chose the deadline; otherwise it is counted from the received date. */
    deadlineSetByPerson: z.boolean(),
    letterText: z.string(),
    ownerName: z.string(),
    isOwner: z.boolean(),
    campaign: z.array(z.object({ id: z.string(), reference: z.string() })),
    transferredTo: z.string().nullable(),
    sentOn: z.string().nullable(),
    approvedBy: z.string().nullable(),
    latestVersion: z.number().nullable(),
    createdAt: z.string(),
  });
export type Case = z.infer<typeof caseSchema>;

export const assignSchema = z.object({ assignee: text("name of the person it goes to") });
export const transferSchema = z.object({ department: text("department it goes to") });
export const noReplySchema = z.object({ reason: text("reason no reply is needed", 1_000) });
export const returnSchema = z.object({ comment: text("comment", 2_000) });

// Drafts

/**
 * A paragraph of a reply: `lines` are the approved lines it rests on. `template` is the house
 * template's courtesy text (salutation, opening, closing, signature); `policy` must cite lines;
 * `placeholder` marks a point no line answers and blocks approval until replaced.
 */
export const PARAGRAPH_KINDS = ["template", "policy", "placeholder", "own"] as const;
export const paragraphSchema = z.object({
  text: z.string().trim().min(1, "A paragraph cannot be empty").max(5_000),
  lines: z.array(z.string().min(1).max(200)).max(20),
  kind: z.enum(PARAGRAPH_KINDS),
});
export type Paragraph = z.infer<typeof paragraphSchema>;

export const FLAG_KINDS = ["no-approved-line", "uncited", "unusable-line", "style"] as const;
export const flagSchema = z.object({
  kind: z.enum(FLAG_KINDS),
  text: z.string(),
  paragraph: z.number().nullable(),
  check: z.string().nullable(),
});
export type Flag = z.infer<typeof flagSchema>;
/** Flags that stop a draft being approved (style flags are advice). */
export const BLOCKING_FLAGS: readonly Flag["kind"][] = [
  "no-approved-line",
  "uncited",
  "unusable-line",
];

/** Who wrote a version: an engine, a person, or the approved reply of the case's campaign. */
export const VERSION_SOURCES = ["offline", "model", "person", "campaign"] as const;
/**
 * What the model engine flagged as it drafted: a sentence whose citations did not hold after a
 * re-ask (`unsupported`), a promise no cited line makes (`commitment`), or a model that could not
 * be used, so the offline draft was given (`model-problem`).
 */
export const ENGINE_FLAG_KINDS = ["unsupported", "commitment", "model-problem"] as const;
export const engineFlagSchema = z.object({
  kind: z.enum(ENGINE_FLAG_KINDS),
  text: z.string(),
  paragraph: z.number().nullable(),
});
export type EngineFlag = z.infer<typeof engineFlagSchema>;

export const versionSchema = z.object({
  number: z.number(),
  source: z.enum(VERSION_SOURCES),
  authorName: z.string(),
  createdAt: z.string(),
  paragraphs: z.array(paragraphSchema),
  flags: z.array(flagSchema),
  engineFlags: z.array(engineFlagSchema),
});
export type Version = z.infer<typeof versionSchema>;
/** The case's current reply: its latest version, or null before the first draft. */
export const currentDraftSchema = z.object({ draft: versionSchema.nullable() });

export const ENGINES = ["offline", "model"] as const;
export type Engine = (typeof ENGINES)[number];

/**
 * Drafting (again) with an engine; `replaceEdits` confirms a person's latest version may be set
 * aside (it is kept).
 */
export const startDraftSchema = z.object({
  replaceEdits: z.boolean().default(false),
  engine: z.enum(ENGINES, "Choose the offline engine or the AI model").default("offline"),
});

/** What drafting the case's reply is likely to take with each engine, shown before it runs. */
export const draftEstimateSchema = z.object({
  offline: z.object({ seconds: z.number() }),
  model: modelEstimateSchema,
});
export type DraftEstimate = z.infer<typeof draftEstimateSchema>;
export const versionSummarySchema = versionSchema.pick({
  number: true,
  source: true,
  authorName: true,
  createdAt: true,
});

/** A person's edit: the whole reply as it now stands, on top of the version they edited. */
export const editDraftSchema = z.object({
  basedOn: z.number().int().min(1),
  paragraphs: z.array(paragraphSchema).min(1, "The reply needs at least one paragraph").max(200),
});
export type EditDraft = z.input<typeof editDraftSchema>;

/** Puts an approved line's text in place of paragraph `paragraph` (a placeholder, usually). */
export const useLineSchema = z.object({
  basedOn: z.number().int().min(1),
  paragraph: z.number().int().min(0),
  lineId: z.string().min(1, "Choose a line").max(200),
});

/** The lines found for one point of the letter, each with why it was chosen. */
export const retrievalSchema = z.array(
  z.object({
    point: z.string(),
    answered: z.boolean(),
    candidates: z.array(
      z.object({
        lineId: z.string(),
        title: z.string(),
        text: z.string(),
        score: z.number(),
        answers: z.boolean(),
        why: z.string(),
      }),
    ),
  }),
);
export type Retrieval = z.infer<typeof retrievalSchema>;

export const commentSchema = z.object({
  id: z.string(),
  version: z.number().nullable(),
  authorName: z.string(),
  text: z.string(),
  createdAt: z.string(),
});
export type Comment = z.infer<typeof commentSchema>;

// Lines to take

export const LINE_STATUSES = ["current", "withdrawn"] as const;
export const lineSchema = z.object({
  id: z.string(),
  title: z.string(),
  topic: z.string(),
  text: z.string(),
  owner: z.string(),
  approvedOn: z.string(),
  expiresOn: z.string().nullable(),
  status: z.enum(LINE_STATUSES),
  /** Why it may not be used today (expired or withdrawn), or null when it may. */
  unusable: z.string().nullable(),
  version: z.number(),
  updatedAt: z.string(),
});
export type Line = z.infer<typeof lineSchema>;

export const lineDetailSchema = lineSchema.extend({
  versions: z.array(
    lineSchema
      .pick({
        title: true,
        topic: true,
        text: true,
        approvedOn: true,
        expiresOn: true,
        status: true,
      })
      .extend({ number: z.number(), authorName: z.string(), at: z.string(), note: z.string() }),
  ),
  /** Cases (that the person may see) whose latest draft cites it. */
  usedIn: z.array(z.object({ id: z.string(), reference: z.string(), status: z.enum(STATUSES) })),
});
export type LineDetail = z.infer<typeof lineDetailSchema>;

export const lineListQuery = z.object({
  search: z.string().trim().max(200).default(""),
  status: z.enum(["usable", "unusable", "all"]).default("all"),
});
export type LineListQuery = z.infer<typeof lineListQuery>;

export const importResultSchema = z.object({
  added: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  problems: z.array(z.object({ row: z.number(), message: z.string() })),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const withdrawSchema = z.object({ reason: text("reason for withdrawing it", 1_000) });
export const expirySchema = z.object({
  expiresOn: z.union([isoDate("review-by date"), z.null()]),
});

// Settings, dashboard, the person

/** The letterhead an exported letter is printed on. */
export const letterheadSchema = z.object({
  department: text("department's name"),
  address: z.array(z.string().trim().min(1).max(200)).max(8),
  signatureName: text("name to sign with"),
  signatureRole: text("role under the signature"),
});
export type Letterhead = z.infer<typeof letterheadSchema>;

/** The letterhead's logo: a PNG or JPEG picture and its size in pixels. */
export const logoSchema = z.object({
  format: z.enum(["png", "jpg"]),
  width: z.number(),
  height: z.number(),
});
export type Logo = z.infer<typeof logoSchema>;
export const currentLogoSchema = z.object({ logo: logoSchema.nullable() });

export const settingsSchema = z.object({
  letterhead: letterheadSchema,
  /** Portal groups whose members may approve replies (admins always may). */
  approverGroups: z.array(z.string().trim().min(1).max(200)).max(50),
  workingDays: z.number().int("Enter a whole number of days").min(1).max(100),
});
export type Settings = z.infer<typeof settingsSchema>;

export const dashboardSchema = z.object({
  byStatus: z.array(z.object({ status: z.enum(STATUSES), cases: z.number() })),
  dueThisWeek: z.array(caseSummarySchema),
  overdue: z.array(caseSummarySchema),
  /** Of the cases answered (sent), how many went by their deadline; null before any was sent. */
  answeredInTime: z.object({ sent: z.number(), inTime: z.number(), share: z.number().nullable() }),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

/** The signed-in person, and whether they approve drafts (the approvers' groups are a setting). */
export const meSchema = personSchema.extend({ isApprover: z.boolean() });
export type Me = z.infer<typeof meSchema>;
