import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  besideFloor,
  consultationResponses,
  printModelEfficiency,
  printTable,
  ratio,
  runAgainstFakeProvider,
  seconds,
} from "@bernard/bench";
import {
  createDatabase,
  findFreePort,
  migrate,
  startEmbeddedPostgres,
  withClient,
  withDatabase,
} from "@bernard/database";
import { countTokens } from "@bernard/llm";
import { localDiskStorage } from "@bernard/toolkit/uploads";
import { ModelEngine } from "../engine/model.js";
import { analyseHeadless } from "../engine/pipeline.js";
import { offlineStandIn } from "../engine/stand-in-model.js";
import { importUpload, withoutSteps } from "../jobs/import-responses.js";
import { migrationsDir } from "../launch.js";
import { createToolDatabase } from "../services/database.js";

const SIZES = [1_000, 10_000, 100_000];
const IMPORT_ROWS = 100_000;
const MODEL_RESPONSES = 2_000;
/** The fake provider's latency and per-minute limits (the client is told the same limits). */
const MODEL_PROVIDER = {
  latencyMs: 300,
  limits: { requestsPerMinute: 120, tokensPerMinute: 400_000 },
};
/** The goals (issue 12), at the largest size: analysis within 10× the floor and 400 MB; import at a quarter of COPY. */
const GOALS = { analysisPerFloor: 10, peakMb: 400, importPerCopy: 0.25 };

/** A goal beside the figure it is for, and whether the figure meets it. */
function goal(text: string, met: boolean): string {
  return `${text} (${met ? "met" : "not met"})`;
}

/**
 * The consultation sorter: the offline engine's time and peak memory beside merely reading and
 * tokenising the same responses; import throughput beside PostgreSQL's own COPY of the same
 * rows; the model engine against a fake provider with latency and limits, as a share of the
 * fastest those limits allow and prompt tokens per response.
 */
export async function benchConsult(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), "bernard-bench-consult-"));
  await chmod(dir, 0o755); // PostgreSQL's own user reads the COPY file from here
  try {
    await offlineEngine(dir);
    await importing(dir);
    await modelEngine();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function writeResponses(dir: string, count: number): Promise<string> {
  const file = path.join(dir, `responses-${count}.csv`);
  const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;
  const lines = consultationResponses(count).map((item) => `${item.id},${quote(item.text)}`);
  await writeFile(file, `id,answer\n${lines.join("\n")}\n`);
  await chmod(file, 0o644);
  return file;
}

async function offlineEngine(dir: string): Promise<void> {
  const rows: [string, ...string[]][] = [];
  for (const size of SIZES) {
    const file = await writeResponses(dir, size);
    const { engine, floor, times } = await besideFloor(
      path.join(import.meta.dirname, "consult-child.js"),
      file,
    );
    const largest = size === SIZES.at(-1);
    rows.push([
      `${size.toLocaleString("en-GB")} responses`,
      ...times,
      largest
        ? goal(`≤ ${GOALS.analysisPerFloor}×`, engine.ms <= GOALS.analysisPerFloor * floor.ms)
        : "",
      `${engine.peakRssMb.toFixed(0)} MB`,
      largest ? goal(`≤ ${GOALS.peakMb} MB`, engine.peakRssMb <= GOALS.peakMb) : "",
      `${floor.peakRssMb.toFixed(0)} MB`,
      String(engine.result),
    ]);
  }
  printTable(
    "Offline engine: read, find themes, map every response, write up (each size in its own process)",
    [
      "offline analysis",
      "read + tokenise only",
      "analysis/floor",
      "goal",
      "peak memory",
      "goal",
      "floor peak memory",
      "themes",
    ],
    rows,
  );
}

async function importing(dir: string): Promise<void> {
  const file = await writeResponses(dir, IMPORT_ROWS);
  const server = await startEmbeddedPostgres({
    directory: path.join(dir, "postgres"),
    port: await findFreePort(),
    ephemeral: true,
  });
  try {
    await createDatabase(server.url, "bench");
    const database = { url: withDatabase(server.url, "bench"), schema: "consult" };
    await migrate(database, migrationsDir);
    const db = createToolDatabase(database);
    try {
      const consultation = await db.consultation.create({
        data: {
          title: "Bench",
          ownerId: "bench",
          ownerName: "Bench",
          questions: { create: [{ number: 1, text: "Why?" }] },
        },
        include: { questions: true },
      });
      const storage = localDiskStorage(path.join(dir, "uploads"));
      const id = randomUUID();
      const { size } = await storage.put(id, createReadStream(file));
      const upload = await db.upload.create({
        data: {
          id,
          consultationId: consultation.id,
          fileName: "responses.csv",
          format: "csv",
          size,
          uploadedById: "bench",
        },
      });
      const started = performance.now();
      await withoutSteps(database, (saveOnce) =>
        importUpload(
          db,
          upload.id,
          {
            respondentId: "id",
            questions: [{ questionId: consultation.questions[0]!.id, column: "answer" }],
            demographics: [],
          },
          { progress: async () => undefined, saveOnce, storage },
        ),
      );
      const bernardMs = performance.now() - started;

      const copyMs = await withClient(database.url, async (client) => {
        await client.query("CREATE TABLE copied (id text, answer text)");
        const copyStarted = performance.now();
        await client.query(`COPY copied FROM '${file}' WITH (FORMAT csv, HEADER true)`);
        return performance.now() - copyStarted;
      });
      const perSecond = (ms: number) => ((IMPORT_ROWS * 1000) / ms).toFixed(0);
      printTable(
        `Import: ${IMPORT_ROWS.toLocaleString("en-GB")} rows of CSV (respondent and answer), one question`,
        ["Bernard import", "PostgreSQL COPY", "Bernard/COPY", "goal"],
        [
          [
            "rows per second",
            perSecond(bernardMs),
            perSecond(copyMs),
            ratio(copyMs, bernardMs),
            goal(`≥ ${GOALS.importPerCopy}×`, copyMs / bernardMs >= GOALS.importPerCopy),
          ],
          ["time", seconds(bernardMs), seconds(copyMs), "", ""],
        ],
      );
    } finally {
      await db.$disconnect();
    }
  } finally {
    await server.stop();
  }
}

async function modelEngine(): Promise<void> {
  const responses = consultationResponses(MODEL_RESPONSES);
  const run = await runAgainstFakeProvider(
    { ...MODEL_PROVIDER, reply: offlineStandIn() },
    (client) =>
      analyseHeadless(
        new ModelEngine({ client, question: "What do you think of the proposals?" }),
        responses,
      ),
  );
  const own = responses.reduce((total, response) => total + countTokens(response.text), 0);
  printModelEfficiency(`${MODEL_RESPONSES.toLocaleString("en-GB")} responses`, run);
  printTable(
    "Model engine: requests and tokens",
    ["value"],
    [
      ["requests", String(run.requests)],
      ["prompt tokens per response (all stages)", (run.tokens.prompt / MODEL_RESPONSES).toFixed(1)],
      ["response's own tokens", (own / MODEL_RESPONSES).toFixed(1)],
      ["responses mapped", String(run.result.mapped.length)],
      ["responses unprocessed", String(run.result.unprocessed.length)],
    ],
  );
}
