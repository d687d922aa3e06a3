import { defineJob, type JobProgress } from "@bernard/toolkit";
import { z } from "zod";
import { readRows, type SourceFormat } from "../import/read-rows.js";
import {
  importRespondents,
  type ImportedRespondent,
  type ImportProblem,
} from "../import/responses.js";
import type { ToolDatabase } from "../services/database.js";
import { withStoredFile } from "../services/uploads.js";

export const columnMappingSchema = z.object({
  respondentId: z.string().optional(),
  questions: z
    .array(
      z.object({ questionId: z.uuid(), column: z.string(), closedColumn: z.string().optional() }),
    )
    .min(1, "Choose the column for at least one question"),
  demographics: z.array(z.string()).default([]),
});

/** What an import did, kept with the upload and shown to the person. */
export type ImportSummary = {
  rows: number;
  respondents: number;
  /** Respondents whose ID an earlier import already brought in (left as they were). */
  alreadyImported: number;
  answers: number;
  /** Per question: respondents who left it empty. */
  emptyAnswers: Record<string, number>;
  problemCounts: Partial<Record<ImportProblem["kind"], number>>;
  /** The first problems, with row numbers (all are counted above). */
  problems: ImportProblem[];
};

const BATCH = 2_000;
const PROBLEMS_KEPT = 200;

/**
 * Imports an uploaded file's respondents and answers by the column mapping, in batches, with
 * progress. Running it again (after a crash or restart) skips what is already in, so it
 * resumes rather than duplicates.
 */
export function importResponsesJob(db: ToolDatabase) {
  return defineJob({
    name: "import-responses",
    input: z.object({ uploadId: z.uuid(), mapping: columnMappingSchema }),
    retryLimit: 2,
    async run({ input, progress, signal }) {
      return importUpload(db, input.uploadId, input.mapping, progress, signal);
    },
  });
}

/**
 * Imports an uploaded file's respondents and answers by the column mapping, in batches, telling
 * `progress` as it goes, and keeps the summary with the upload. Used by the job and the seed.
 */
export async function importUpload(
  db: ToolDatabase,
  uploadId: string,
  mapping: z.infer<typeof columnMappingSchema>,
  progress: (update: JobProgress) => Promise<void>,
  signal?: AbortSignal,
): Promise<ImportSummary> {
  const upload = await db.upload.findUniqueOrThrow({ where: { id: uploadId } });
  const format = upload.format as SourceFormat;
  const summary = await withStoredFile(upload, async (file) => {
    await progress({ stage: "Reading the file", done: 0, total: 0 });
    let total = 0;
    for await (const _row of readRows(file, format)) total += 1;

    const result: ImportSummary = {
      rows: total,
      respondents: 0,
      alreadyImported: 0,
      answers: 0,
      emptyAnswers: Object.fromEntries(
        mapping.questions.map((question) => [question.questionId, 0]),
      ),
      problemCounts: {},
      problems: [],
    };
    const report = (problem: ImportProblem) => {
      result.problemCounts[problem.kind] = (result.problemCounts[problem.kind] ?? 0) + 1;
      if (result.problems.length < PROBLEMS_KEPT) result.problems.push(problem);
    };
    let batch: ImportedRespondent[] = [];
    let done = 0;
    const flush = async () => {
      signal?.throwIfAborted();
      await saveBatch(db, upload.consultationId, batch, result);
      done += batch.length;
      batch = [];
      await progress({
        stage: "Importing responses",
        done,
        total,
        message: `${done.toLocaleString("en-GB")} of ${total.toLocaleString("en-GB")} rows`,
      });
    };
    for await (const respondent of importRespondents(readRows(file, format), mapping, report)) {
      batch.push(respondent);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    return result;
  });
  await db.upload.update({ where: { id: upload.id }, data: { importedAt: new Date(), summary } });
  return summary;
}

/**
 * One batch in two statements: respondents (those an earlier import brought in are left as they
 * were), then their answers. Arrays go in as parameters, so a batch costs two round trips.
 */
async function saveBatch(
  db: ToolDatabase,
  consultationId: string,
  batch: ImportedRespondent[],
  result: ImportSummary,
): Promise<void> {
  const created = await db.$executeRaw`
    INSERT INTO respondent (id, consultation_id, external_id, row_number, demographics)
    SELECT gen_random_uuid(), ${consultationId}::uuid, t.external_id, t.row_number, t.demographics::jsonb
    FROM unnest(
      ${batch.map((respondent) => respondent.respondentId)}::text[],
      ${batch.map((respondent) => respondent.rowNumber)}::int[],
      ${batch.map((respondent) => JSON.stringify(respondent.demographics))}::text[]
    ) AS t(external_id, row_number, demographics)
    ON CONFLICT (consultation_id, external_id) DO NOTHING`;
  result.respondents += created;
  result.alreadyImported += batch.length - created;

  const answers = batch.flatMap((respondent) =>
    respondent.answers.flatMap((answer) => {
      if (!answer.text && !answer.closed) {
        result.emptyAnswers[answer.questionId] = (result.emptyAnswers[answer.questionId] ?? 0) + 1;
        return [];
      }
      return [{ respondentId: respondent.respondentId, ...answer }];
    }),
  );
  if (answers.length === 0) return;
  result.answers += await db.$executeRaw`
    INSERT INTO response (id, question_id, respondent_id, text, closed)
    SELECT gen_random_uuid(), t.question_id, r.id, t.text, t.closed
    FROM unnest(
      ${answers.map((answer) => answer.questionId)}::uuid[],
      ${answers.map((answer) => answer.respondentId)}::text[],
      ${answers.map((answer) => answer.text)}::text[],
      ${answers.map((answer) => answer.closed ?? null)}::text[]
    ) AS t(question_id, external_id, text, closed)
    JOIN respondent r ON r.consultation_id = ${consultationId}::uuid AND r.external_id = t.external_id
    ON CONFLICT (question_id, respondent_id) DO NOTHING`;
}
