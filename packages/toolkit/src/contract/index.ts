/**
 * The shapes every tool's API and its pages share, safe to import in a browser: zod only,
 * nothing from Node or Fastify. Servers use them as route schemas; pages parse replies with them.
 */
import { z } from "zod";

/** The one shape every error response has; `details` lists field problems for a 400. */
export const errorEnvelopeSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

/** What a route answers when the request is wrong, names nothing the person may see, or clashes. */
export const failures = {
  400: errorEnvelopeSchema,
  404: errorEnvelopeSchema,
  409: errorEnvelopeSchema,
} as const;

/** The signed-in person, as every tool's pages know them: `GET <api>/me`. */
export const meSchema = z.object({
  id: z.string(),
  name: z.string(),
  groups: z.array(z.string()),
  isAdmin: z.boolean(),
});
export type Me = z.infer<typeof meSchema>;

/** A reply with no body (204). */
export const noContent = z.undefined().describe("No content");

export const JOB_STATES = [
  "queued",
  "running",
  "retrying",
  "completed",
  "failed",
  "cancelled",
] as const;
export type JobState = (typeof JOB_STATES)[number];

/** What a job works on (a question, a meeting...), as the tool names it. */
export const jobSubjectSchema = z.object({ kind: z.string(), id: z.string() });
export type JobSubject = z.infer<typeof jobSubjectSchema>;

/** What a user (or the UI) sees of a job: stored in PostgreSQL, streamed on every change. */
export const jobSnapshotSchema = z.object({
  id: z.string(),
  name: z.string(),
  subject: jobSubjectSchema.nullable(),
  state: z.enum(JOB_STATES),
  progress: z.object({
    stage: z.string(),
    done: z.number(),
    total: z.number(),
    message: z.string().optional(),
  }),
  attempt: z.number(),
  result: z.unknown(),
  error: z.string().nullable(),
  startedBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type JobSnapshot = z.infer<typeof jobSnapshotSchema>;

/** The reply of `GET <api>/jobs?subjectKind=&subjectId=`: the subject's current or latest job. */
export const subjectJobSchema = z.object({ job: jobSnapshotSchema.nullable() });

/** States in which a job still runs, and holds its subject: at most one such job per subject. */
export const UNFINISHED_STATES: readonly JobState[] = ["queued", "running", "retrying"];

/** Whether a job still runs (queued, running or retrying). */
export const isUnfinished = (job: { state: JobState }): boolean =>
  UNFINISHED_STATES.includes(job.state);

/**
 * One page of a longer list, e.g. `pageOf("responses", responseRowSchema)`: the items under
 * `key`, with the count of every match and where this page is.
 */
export function pageOf<K extends string, T extends z.ZodType>(key: K, item: T) {
  return z
    .object({ total: z.number(), page: z.number(), pageSize: z.number() })
    .extend({ [key]: z.array(item) } as Record<K, z.ZodArray<T>>);
}

export const roleSchema = z.enum(["user", "admin"]);
export type Role = z.infer<typeof roleSchema>;

/** Someone signed in to the portal. */
export const portalUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
});
export type PortalUser = z.infer<typeof portalUserSchema>;

/** The portal session a page runs in: who is signed in, and the token every change must carry. */
export const portalSessionSchema = z.object({ user: portalUserSchema, csrfToken: z.string() });
export type PortalSession = z.infer<typeof portalSessionSchema>;

/**
 * The model engine's estimate a page shows before a run (`modelEstimate()` in `@bernard/llm`
 * gives it): the figures, or why no model is available (the offline engine still is).
 */
export const modelEstimateSchema = z.discriminatedUnion("available", [
  z.object({ available: z.literal(false), reason: z.string() }),
  z.object({
    available: z.literal(true),
    model: z.string(),
    requests: z.number(),
    promptTokens: z.number(),
    completionTokens: z.number(),
    /** At list prices; null when the model's price is not known. */
    costUsd: z.number().nullable(),
    minutes: z.number(),
  }),
]);
export type ModelEstimateView = z.infer<typeof modelEstimateSchema>;
