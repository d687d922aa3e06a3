import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { createPool, type AppDatabase } from "@bernard/database";
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
  query(text: string, values: unknown[]): Promise<{ rowCount: number | null; rows: unknown[] }>;
}

/** Runs a batch's statements once per job (the toolkit's job step), in one transaction. */
export type SaveOnce = (
  name: string,
  work: (sql: Sql) => Promise<BatchCounts>,
) => Promise<BatchCounts>;

/**
 * Runs `use` with batches saved straight away, each in a transaction of its own, outside any job
 * (the seed and the benchmark): nothing to resume, so no step record is kept.
 */
export async function withoutSteps<T>(
  database: AppDatabase,
  use: (saveOnce: SaveOnce) => Promise<T>,
): Promise<T> {
  const pool = createPool(database, { max: 1 });
  try {
    return await use(async (_name, work) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const counts = await work(client);
        await client.query("COMMIT");
        return counts;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    });
  } finally {
    await pool.end();
  }
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
    // One pass: the progress bar's total is an estimate until the last row is read.
    let total = await rowsAbout(file, format);

    const result: ImportSummary = {
      rows: 0,
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
    const save = async (name: string, rows: ImportedRespondent[], answers: AnswerToSave[]) => {
      const saved = await saveOnce(name, (sql) =>
        saveBatch(sql, upload.consultationId, rows, answers),
      );
      result.respondents += saved.respondents;
      result.alreadyImported += saved.alreadyImported;
      result.answers += saved.answers;
      done += rows.length;
      await progress(importing(done, Math.max(total, done)));
    };
    // One batch is saved while the next is read and checked: the database and the parsing each
    // get a core. Batches still commit in order, one at a time.
    let saving: Promise<void> | undefined;
    const flush = async () => {
      signal?.throwIfAborted();
      const [rows, answers] = [batch, answersToSave(batch, result)];
      batch = [];
      await saving;
      saving = save(`batch-${batchNumber}`, rows, answers);
      saving.catch(() => undefined); // its failure is met where it is awaited, not as unhandled
      batchNumber += 1;
    };
    try {
      const rows = counted(readRows(file, format), () => (result.rows += 1));
      for await (const respondent of importRespondents(rows, mapping, report)) {
        batch.push(respondent);
        if (batch.length >= BATCH) await flush();
      }
      total = result.rows;
      if (batch.length > 0) await flush();
      await saving;
    } finally {
      // A file that breaks part-way still lets the batch before it finish saving.
      await saving?.catch(() => undefined);
    }
    await progress(importing(done, total));
    return result;
  });
  await db.upload.update({ where: { id: upload.id }, data: { importedAt: new Date(), summary } });
  return summary;
}

function importing(done: number, total: number): JobProgress {
  return {
    stage: "Importing responses",
    done,
    total,
    message: `${done.toLocaleString("en-GB")} of ${total.toLocaleString("en-GB")} rows`,
  };
}

/** Rows passed on as they are, `onRow` told of each (the summary counts rows in the same pass). */
async function* counted<T>(rows: AsyncIterable<T>, onRow: () => void): AsyncGenerator<T> {
  for await (const row of rows) {
    onRow();
    yield row;
  }
}

/**
 * About how many rows a file has, for the progress bar before they are read. A text file's line
 * breaks less the heading (answers over several lines make it a little high; the end corrects
 * it): counting bytes costs a fraction of parsing the file twice. A workbook is counted row by row.
 */
async function rowsAbout(file: string, format: SourceFormat): Promise<number> {
  let rows = 0;
  if (format === "xlsx") {
    for await (const _row of readRows(file, format)) rows += 1;
    return rows;
  }
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) rows += 1;
  }
  return Math.max(0, rows - 1);
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
 * One batch in two statements: respondents, with IDs made here (those an earlier import brought
 * in are left as they were, and then looked up), then their answers by those IDs. Arrays go in as
 * parameters; no statement joins against the respondents already in, so every batch costs the
 * same however many came before.
 */
async function saveBatch(
  sql: Sql,
  consultationId: string,
  batch: ImportedRespondent[],
  answers: AnswerToSave[],
): Promise<BatchCounts> {
  const idOf = new Map<string, string>(
    batch.map((respondent) => [respondent.respondentId, randomUUID()]),
  );
  const externalIds = [...idOf.keys()];
  const created = await sql.query(
    `INSERT INTO respondent (id, consultation_id, external_id, row_number, demographics)
     SELECT t.id, $1::uuid, t.external_id, t.row_number, t.demographics::jsonb
     FROM unnest($2::uuid[], $3::text[], $4::int[], $5::text[]) AS t(id, external_id, row_number, demographics)
     ON CONFLICT (consultation_id, external_id) DO NOTHING`,
    [
      consultationId,
      [...idOf.values()],
      externalIds,
      batch.map((respondent) => respondent.rowNumber),
      batch.map((respondent) => JSON.stringify(respondent.demographics)),
    ],
  );
  const respondents = created.rowCount ?? 0;
  const counts = { respondents, alreadyImported: batch.length - respondents, answers: 0 };
  if (counts.alreadyImported > 0) {
    const existing = await sql.query(
      `SELECT external_id, id FROM respondent WHERE consultation_id = $1::uuid AND external_id = ANY($2::text[])`,
      [consultationId, externalIds],
    );
    for (const row of existing.rows as { external_id: string; id: string }[])
      idOf.set(row.external_id, row.id);
  }
  if (answers.length === 0) return counts;
  const inserted = await sql.query(
    `INSERT INTO response (id, question_id, respondent_id, text, closed)
     SELECT gen_random_uuid(), t.question_id, t.respondent_id, t.text, t.closed
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) AS t(question_id, respondent_id, text, closed)
     ON CONFLICT (question_id, respondent_id) DO NOTHING`,
    [
      answers.map((answer) => answer.questionId),
      answers.map((answer) => idOf.get(answer.respondentId)!),
      answers.map((answer) => answer.text),
      answers.map((answer) => answer.closed ?? null),
    ],
  );
  return { ...counts, answers: inserted.rowCount ?? 0 };
}
