import { columnMappingSchema } from "@bernard/consult-contract";
import { defineJob, JobFailure, type JobProgress } from "@bernard/toolkit";
import { z } from "zod";
import {
  readRows,
  UnreadableFileError,
  type FileStorage,
  type SourceFormat,
} from "@bernard/toolkit/uploads";
import {
  importRespondents,
  type ImportedRespondent,
  type ImportProblem,
} from "../import/responses.js";
import type { ToolDatabase } from "../services/database.js";
import { UploadGoneError, withUploadFile, type UploadFiles } from "../services/uploads.js";

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

/** What saving one batch changed, recorded with the job's step so a resumed run can recount. */
type BatchCounts = { respondents: number; alreadyImported: number; answers: number };

/** The part of a pg client a batch needs. */
export interface Sql {
  query(text: string, values: unknown[]): Promise<{ rowCount: number | null }>;
}

/** Runs a batch's statements once per job (the toolkit's job step), in one transaction. */
export type SaveOnce = (
  name: string,
  work: (sql: Sql) => Promise<BatchCounts>,
) => Promise<BatchCounts>;

/**
 * Saves each batch straight away, outside any job (the seed and the benchmark): nothing to resume,
 * so no step record is kept.
 */
export function saveWithoutSteps(db: ToolDatabase): SaveOnce {
  return (_name, work) =>
    work({
      query: async (text, values) => ({ rowCount: await db.$executeRawUnsafe(text, ...values) }),
    });
}

/**
 * Imports an uploaded file's respondents and answers by the column mapping, in batches, with
 * progress. Each batch is a job step: its rows and the record that it is done commit together, so
 * a run after a crash skips finished batches and still counts them in the summary.
 */
export function importResponsesJob(db: ToolDatabase, { reads, storage }: UploadFiles) {
  return defineJob({
    name: "import-responses",
    input: z.object({ uploadId: z.uuid(), mapping: columnMappingSchema }),
    retryLimit: 2,
    async run({ input, progress, signal, step }) {
      return reads
        .forJob(() =>
          importUpload(db, input.uploadId, input.mapping, {
            progress,
            signal,
            saveOnce: step,
            storage,
          }),
        )
        .catch((error: unknown) => {
          // The stored file reads the same way every time: say so at once rather than retry.
          if (error instanceof UnreadableFileError || error instanceof UploadGoneError)
            throw new JobFailure(error.message);
          throw error;
        });
    },
  });
}

/**
 * Imports an uploaded file's respondents and answers by the column mapping, in batches, telling
 * `progress` as it goes, and keeps the summary with the upload. Used by the job and the seed.
 * A file that cannot be read to the end fails with the row at fault (UnreadableFileError).
 */
export async function importUpload(
  db: ToolDatabase,
  uploadId: string,
  mapping: z.infer<typeof columnMappingSchema>,
  {
    progress,
    signal,
    saveOnce,
    storage,
  }: {
    progress: (update: JobProgress) => Promise<void>;
    signal?: AbortSignal | undefined;
    saveOnce: SaveOnce;
    storage: FileStorage;
  },
): Promise<ImportSummary> {
  const upload = await db.upload.findUniqueOrThrow({ where: { id: uploadId } });
  const format = upload.format as SourceFormat;
  const summary = await withUploadFile(db, storage, upload, async (file) => {
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
    let batchNumber = 0;
    let done = 0;
    const flush = async () => {
      signal?.throwIfAborted();
      const answers = answersToSave(batch, result);
      const saved = await saveOnce(`batch-${batchNumber}`, (sql) =>
        saveBatch(sql, upload.consultationId, batch, answers),
      );
      result.respondents += saved.respondents;
      result.alreadyImported += saved.alreadyImported;
      result.answers += saved.answers;
      batchNumber += 1;
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

type AnswerToSave = ImportedRespondent["answers"][number] & { respondentId: string };

/** The batch's non-empty answers; the empty ones are counted per question in the summary. */
function answersToSave(batch: ImportedRespondent[], result: ImportSummary): AnswerToSave[] {
  return batch.flatMap((respondent) =>
    respondent.answers.flatMap((answer) => {
      if (!answer.text && !answer.closed) {
        result.emptyAnswers[answer.questionId] = (result.emptyAnswers[answer.questionId] ?? 0) + 1;
        return [];
      }
      return [{ respondentId: respondent.respondentId, ...answer }];
    }),
  );
}

/**
 * One batch in two statements: respondents (those an earlier import brought in are left as they
 * were), then their answers. Arrays go in as parameters, so a batch costs two round trips.
 */
async function saveBatch(
  sql: Sql,
  consultationId: string,
  batch: ImportedRespondent[],
  answers: AnswerToSave[],
): Promise<BatchCounts> {
  const created = await sql.query(
    `INSERT INTO respondent (id, consultation_id, external_id, row_number, demographics)
     SELECT gen_random_uuid(), $1::uuid, t.external_id, t.row_number, t.demographics::jsonb
     FROM unnest($2::text[], $3::int[], $4::text[]) AS t(external_id, row_number, demographics)
     ON CONFLICT (consultation_id, external_id) DO NOTHING`,
    [
      consultationId,
      batch.map((respondent) => respondent.respondentId),
      batch.map((respondent) => respondent.rowNumber),
      batch.map((respondent) => JSON.stringify(respondent.demographics)),
    ],
  );
  const respondents = created.rowCount ?? 0;
  const counts = { respondents, alreadyImported: batch.length - respondents, answers: 0 };
  if (answers.length === 0) return counts;
  const inserted = await sql.query(
    `INSERT INTO response (id, question_id, respondent_id, text, closed)
     SELECT gen_random_uuid(), t.question_id, r.id, t.text, t.closed
     FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[]) AS t(question_id, external_id, text, closed)
     JOIN respondent r ON r.consultation_id = $1::uuid AND r.external_id = t.external_id
     ON CONFLICT (question_id, respondent_id) DO NOTHING`,
    [
      consultationId,
      answers.map((answer) => answer.questionId),
      answers.map((answer) => answer.respondentId),
      answers.map((answer) => answer.text),
      answers.map((answer) => answer.closed ?? null),
    ],
  );
  return { ...counts, answers: inserted.rowCount ?? 0 };
}
