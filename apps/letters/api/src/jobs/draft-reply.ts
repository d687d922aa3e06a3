import { DRAFT_JOB } from "@bernard/letters-contract";
import type { ModelAccess } from "@bernard/llm";
import { AppError, defineJob } from "@bernard/toolkit";
import { z } from "zod";
import type { ToolDatabase } from "../services/database.js";
import { draftCase } from "../services/drafts.js";
import { manifest } from "../manifest.js";

const [DRAFTING, SAVING] = DRAFT_JOB.stages as [string, string];

export const draftJobInput = z.object({
  caseId: z.uuid(),
  replaceEdits: z.boolean(),
  /** Who asked for the draft, as the change log names them. */
  askedBy: z.object({ id: z.string(), name: z.string(), groups: z.array(z.string()) }),
  /** The model and a credential that outlasts the request. */
  model: z.string(),
  credential: z.string(),
});

/**
 * Drafts a case's reply through the portal's model as a job tied to the case: the person's page
 * follows it after a reload, and a worker that stops is replaced by another. A retried job that
 * had already saved its version does not save another.
 */
export function draftReplyJob(db: ToolDatabase, models: ModelAccess | undefined) {
  return defineJob({
    name: DRAFT_JOB.name,
    input: draftJobInput,
    retryLimit: 2,
    async run({ input, jobId, progress }) {
      if (!models) {
        throw AppError.badRequest(
          "No AI model is available to the letter drafter. Use the offline engine.",
        );
      }
      await progress({ stage: DRAFTING, done: 0, total: 1 });
      const version = await draftCase(
        db,
        input.caseId,
        input.replaceEdits,
        { kind: "person", ...input.askedBy },
        {
          name: input.model,
          client: models.client(input.credential, input.model, {
            tool: manifest.id,
            user: input.askedBy.id,
          }),
          jobId,
        },
      );
      await progress({ stage: SAVING, done: 1, total: 1 });
      return { version: version.number, flags: version.engineFlags.length };
    },
  });
}
