/**
 * The consultation sorter's API, written once: the request and response schemas of every route.
 * The API's routes validate and serialise with them; the sorter's pages parse replies with them
 * and check forms with the same rules. Browser-safe: zod and the toolkit's contract only.
 */
import {
  failures,
  jobSnapshotSchema,
  modelEstimateSchema,
  noContent,
  pageOf,
} from "@bernard/toolkit/contract";
import { changeSchema, type Change } from "@bernard/toolkit/change-log";
import { z } from "zod";

// The suite's shared shapes (errors, jobs, the person signed in) are part of every tool's contract.
export * from "@bernard/toolkit/contract";

/**
 * The sorter's pages, below its base path (`$name` is a parameter): the UI's router has a route
 * for each, and the API answers each (any other page is 404).
 */
export const PAGES = {
  consultations: "/",
  newConsultation: "/new",
  consultation: "/c/$id",
  importing: "/c/$id/import",
  themes: "/q/$id",
  signOff: "/q/$id/sign-off",
  reanalyse: "/q/$id/analyse",
  merge: "/q/$id/t/$themeId/merge",
  deletion: "/q/$id/t/$themeId/delete",
  responses: "/q/$id/responses",
  dashboard: "/q/$id/dashboard",
  response: "/r/$id",
} as const;
export type Page = keyof typeof PAGES;

/** `{ id }` in the path, with the message a person sees when it is not a real one. */
export const idParams = (what: string) => z.object({ id: z.uuid(`There is no such ${what}`) });
export const consultationParams = idParams("consultation");
export const questionParams = idParams("question");

// Consultations

export const questionSummarySchema = z.object({
  id: z.string(),
  number: z.number(),
  text: z.string(),
  hasClosedPart: z.boolean(),
  responses: z.number(),
  /** How many of its responses a person has reviewed. */
  reviewed: z.number(),
  analysedAt: z.string().nullable(),
  analysedWith: z.string().nullable(),
  signedOffAt: z.string().nullable(),
  signedOffBy: z.string().nullable(),
});
export type QuestionSummary = z.infer<typeof questionSummarySchema>;

/** Who besides its owner may see a consultation. */
export const sharingSchema = z.object({
  openToEveryone: z.boolean(),
  sharedWith: z.array(z.string().trim().min(1).max(200)).max(50),
});
export type Sharing = z.infer<typeof sharingSchema>;

export const consultationSchema = z.object({
  id: z.string(),
  title: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
  openToEveryone: z.boolean(),
  sharedWith: z.array(z.string()),
  opensOn: z.string().nullable(),
  closesOn: z.string().nullable(),
  respondents: z.number(),
  questions: z.array(questionSummarySchema),
});
export type Consultation = z.infer<typeof consultationSchema>;

const calendarDate = z.iso.date("Enter a real date, like 2026-03-31").optional();
export const newConsultationSchema = z
  .object({
    title: z
      .string()
      .trim()
      .min(1, "Enter the consultation's title")
      .max(200, "Title must be 200 characters or fewer"),
    opensOn: calendarDate,
    closesOn: calendarDate,
  })
  .extend(sharingSchema.partial().shape);
export type NewConsultation = z.input<typeof newConsultationSchema>;

export const newQuestionSchema = z.object({
  text: z
    .string()
    .trim()
    .min(1, "Enter the question")
    .max(2_000, "Question must be 2,000 characters or fewer"),
  hasClosedPart: z.boolean().default(false),
});

/** The person asking, as the sorter knows them (for sharing with their groups). */

export const exportParams = consultationParams.extend({
  format: z.enum(["xlsx", "csv", "docx"], "Choose xlsx, csv or docx"),
});
export const exportRecordSchema = z.object({
  at: z.string(),
  actorName: z.string(),
  format: z.string(),
});
export type ExportRecord = z.infer<typeof exportRecordSchema>;

// Uploads and imports

export const uploadParams = idParams("upload");
export const uploadPreviewSchema = z.object({
  uploadId: z.string(),
  fileName: z.string(),
  /** When it was uploaded, so the preview says which upload of a file it is. */
  uploadedAt: z.string(),
  format: z.enum(["csv", "xlsx", "jsonl"]),
  encoding: z.string().optional(),
  columns: z.array(z.string()),
  rows: z.array(z.record(z.string(), z.string())),
});
export type UploadPreview = z.infer<typeof uploadPreviewSchema>;

/** Which column holds what: the respondent ID, each question's answer, the demographics. */
export const columnMappingSchema = z.object({
  respondentId: z.string().optional(),
  // At least one, checked with the file's columns (the import route says which to choose).
  questions: z.array(
    z.object({ questionId: z.uuid(), column: z.string(), closedColumn: z.string().optional() }),
  ),
  demographics: z.array(z.string()).default([]),
});
export type ColumnMapping = z.input<typeof columnMappingSchema>;
export const startImportSchema = z.object({ mapping: columnMappingSchema });

/** An import job's result: what came in, and every problem by row number. */
export const importSummarySchema = z.object({
  rows: z.number(),
  respondents: z.number(),
  alreadyImported: z.number(),
  answers: z.number(),
  emptyAnswers: z.record(z.string(), z.number()),
  problemCounts: z.record(z.string(), z.number()),
  problems: z.array(z.object({ rowNumber: z.number(), kind: z.string(), message: z.string() })),
});
export type ImportSummary = z.infer<typeof importSummarySchema>;

// Questions and analysis

export const analysisReportSchema = z.looseObject({
  engine: z.string().optional(),
  themes: z.number().optional(),
  responses: z.number().optional(),
  unprocessed: z.number().optional(),
  stability: z
    .looseObject({
      previousThemes: z.number(),
      themes: z.number(),
      kept: z.number(),
      added: z.number(),
      removed: z.number(),
    })
    .optional(),
});

export const questionDetailsSchema = z.object({
  id: z.string(),
  number: z.number(),
  text: z.string(),
  consultationId: z.string(),
  consultationTitle: z.string(),
  responses: z.number(),
  analysedAt: z.string().nullable(),
  signedOffAt: z.string().nullable(),
  signedOffBy: z.string().nullable(),
  analysedWith: z.string().nullable(),
  finalMappedAt: z.string().nullable(),
  analysisReport: analysisReportSchema.nullable(),
  unprocessed: z.number(),
});
export type QuestionDetails = z.infer<typeof questionDetailsSchema>;

export const stanceSchema = z.enum(["support", "oppose", "neutral"]);

export const themeSummarySchema = z.object({
  id: z.string(),
  label: z.string(),
  description: z.string(),
  stance: z.string(),
  source: z.string(),
  keyphrases: z.array(z.string()),
  summary: z.string().nullable(),
  count: z.number(),
  percent: z.number(),
  stances: z.object({ support: z.number(), oppose: z.number(), neutral: z.number() }),
  representatives: z.array(z.object({ id: z.string(), text: z.string() })),
});
export type ThemeSummary = z.infer<typeof themeSummarySchema>;

/** What analysing a question again does to reviewers' work, told before it starts. */
export const reanalysisPlanSchema = z.object({
  /** Themes a person added, changed or placed responses in: kept as they are. */
  themesKept: z.array(z.string()),
  /** The AI's other themes, found afresh. */
  themesReplaced: z.number(),
  /** Responses a person placed or reviewed: their themes stay. */
  responsesKept: z.number(),
  /** The rest, mapped again. */
  responsesToMap: z.number(),
});
export type ReanalysisPlan = z.infer<typeof reanalysisPlanSchema>;

export const analysisEstimateSchema = z.object({
  responses: z.number(),
  reanalysis: reanalysisPlanSchema,
  offline: z.object({ seconds: z.number() }),
  model: modelEstimateSchema,
});
export type AnalysisEstimate = z.infer<typeof analysisEstimateSchema>;

export const engineSchema = z.enum(
  ["offline", "model"],
  "Choose the offline engine or the AI model",
);
export type Engine = z.infer<typeof engineSchema>;
export const startAnalysisSchema = z.object({ engine: engineSchema.default("offline") });

/** The subject an analysis is tied to, and its job's name, for finding it after a reload. */
export const ANALYSIS_JOB = { kind: "question", name: "analyse-question" } as const;
/** The stages an analysis goes through, as its job reports them; the final mapping's are fewer. */
export const ANALYSIS_STAGES = [
  "Finding themes",
  "Mapping responses",
  "Writing up themes",
  "Saving",
];
export const FINAL_MAPPING_STAGES = ["Mapping responses", "Saving"];
/** The subject an import is tied to, and its job's name. */
export const IMPORT_JOB = { kind: "upload", name: "import-responses" } as const;
export const IMPORT_STAGES = ["Reading the file", "Importing responses"];

/** An estimate with its 95% interval; the interval is null while too few were reviewed for one. */
const interval = z.object({
  value: z.number(),
  low: z.number().nullable(),
  high: z.number().nullable(),
});
export const evaluationSchema = z.object({
  reviewed: z.number(),
  changed: z.number(),
  f1: interval.nullable(),
  /** How many reviewed responses an interval needs. */
  reviewsForInterval: z.number(),
});
export type Evaluation = z.infer<typeof evaluationSchema>;

// Review

/** A query value that may be given once or repeated (`theme=a&theme=b`). */
const repeated = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value: unknown): unknown[] =>
      value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value],
    z.array(item).max(50),
  );
const yesNo = z
  .enum(["yes", "no", ""], "Choose yes or no")
  .optional()
  .transform((value) => (value === "yes" ? true : value === "no" ? false : undefined));

/** The filters of a question's responses, as they travel in the page's address. */
export const responseFiltersSchema = z.object({
  theme: repeated(z.uuid("Choose themes from the list")),
  match: z.enum(["all", "any"]).default("any"),
  stance: z.enum(["support", "oppose", "neutral", ""]).optional(),
  evidence: yesNo,
  reviewed: yesNo,
  flagged: yesNo,
  unprocessed: yesNo,
  q: z.string().trim().max(200, "Search for 200 characters or fewer").optional(),
  demographic: repeated(z.string().regex(/^[^:]+:.*$/, "Choose a group from the list")),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

export const responseRowSchema = z.object({
  id: z.string(),
  respondent: z.string(),
  text: z.string(),
  closed: z.string().nullable(),
  stance: z.string().nullable(),
  evidenceRich: z.boolean().nullable(),
  flagged: z.boolean(),
  reviewed: z.boolean(),
  unprocessed: z.string().nullable(),
  themes: z.array(z.object({ id: z.string(), label: z.string() })),
});
export type ResponseRow = z.infer<typeof responseRowSchema>;

export const responsePageSchema = pageOf("responses", responseRowSchema);
export type ResponsePage = z.infer<typeof responsePageSchema>;

export const demographicsSchema = z.array(
  z.object({ field: z.string(), values: z.array(z.string()) }),
);

export const responseDetailsSchema = z.object({
  id: z.string(),
  /** The next response in file order that no one has reviewed. */
  nextToReview: z.string().nullable(),
  question: z.object({
    id: z.string(),
    number: z.number(),
    text: z.string(),
    signedOff: z.boolean(),
    /** The engine that found its themes ("offline" or "model"), once analysed. */
    analysedWith: z.string().nullable(),
  }),
  respondent: z.string(),
  rowNumber: z.number(),
  demographics: z.record(z.string(), z.string()),
  text: z.string(),
  closed: z.string().nullable(),
  stance: z.string().nullable(),
  evidenceRich: z.boolean().nullable(),
  evidenceReason: z.string().nullable(),
  flagged: z.boolean(),
  reviewed: z.boolean(),
  unprocessed: z.string().nullable(),
  themes: z.array(
    z.object({ id: z.string(), label: z.string(), source: z.string(), rationale: z.string() }),
  ),
  choices: z.array(z.object({ id: z.string(), label: z.string(), stance: z.string() })),
});
export type ResponseDetails = z.infer<typeof responseDetailsSchema>;

export const themeLabelSchema = z
  .string()
  .trim()
  .min(1, "Enter a label")
  .max(80, "Keep the label to 80 characters or fewer");
export const themeDescriptionSchema = z
  .string()
  .trim()
  .max(500, "Keep the description to 500 characters or fewer");

export const themeParams = idParams("theme");
export const responseParams = idParams("response");
export const editThemeSchema = z.object({
  label: themeLabelSchema.optional(),
  description: themeDescriptionSchema.optional(),
});
export const newThemeSchema = z.object({
  label: themeLabelSchema,
  description: themeDescriptionSchema.default(""),
  stance: stanceSchema.default("neutral"),
});
export const newThemeReplySchema = z.object({ id: z.string() });
export const mergeThemeSchema = z.object({ intoThemeId: z.uuid("Choose a theme to merge into") });
export const moveResponsesSchema = z.object({
  toThemeId: z.uuid("Choose a theme to move the responses to"),
  responseIds: z.array(z.uuid()).min(1, "Choose at least one response to move").max(10_000),
});
export const responseThemesSchema = z.object({ themeIds: z.array(z.uuid()).max(50) });
export const responseMarksSchema = z.object({
  flagged: z.boolean().optional(),
  reviewed: z.boolean().optional(),
});

// The change log's entries as every tool shows them.
export { changeSchema, type Change };
/** A question's change, with whether it can still be undone (merges and deletions can). */
export const questionChangeSchema = changeSchema.extend({ id: z.string(), undoable: z.boolean() });
export type QuestionChange = z.infer<typeof questionChangeSchema>;
export const changeParams = z.object({
  id: z.uuid("There is no such question"),
  changeId: z.string().regex(/^\d{1,18}$/, "There is no such change"),
});

/** Replies of routes that change something and answer 204, with their failures. */
export const changed = { 204: noContent, ...failures } as const;
/** Replies of routes that start a job (202), with their failures. */
export const jobStarted = { 202: jobSnapshotSchema, ...failures } as const;
