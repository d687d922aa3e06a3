import path from "node:path";
import { createTestDatabase } from "@bernard/database/testing";
import { defineJob, JobService } from "@bernard/toolkit";
import { startWorker, waitForJob, type ScriptProcess } from "@bernard/toolkit/testing";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { z } from "zod";
import { chunkForCalls } from "../src/index.js";
import { startFakeOpenAi, type FakeOpenAi } from "../src/testing/fake-openai.js";
import {
  agendaModel,
  isMap,
  itemsIn,
  MAP_INSTRUCTIONS,
  meetingTranscript,
} from "./fixtures/meeting.js";

const WORKER = path.join(import.meta.dirname, "fixtures/meeting-worker.ts");
const TOKENS_PER_CALL = 700;
const TRANSCRIPT = meetingTranscript(220);

let fake: FakeOpenAi;
let databaseUrl: string;
let jobs: JobService;
beforeAll(async () => {
  fake = await startFakeOpenAi({ reply: agendaModel, latencyMs: 250 });
  databaseUrl = (await createTestDatabase()).url;
  // This process only enqueues and watches; the child workers run the job.
  jobs = new JobService({
    database: { url: databaseUrl, schema: "meeting" },
    jobs: [
      defineJob({
        name: "summarise-meeting",
        input: z.object({ transcript: z.string(), tokensPerCall: z.number() }),
        run: async () => undefined,
      }),
    ],
    work: false,
  });
  await jobs.start();
});
afterAll(async () => {
  await jobs?.stop();
  await fake?.close();
});

type Body = { messages: { role: string; content: string }[] };

it("resumes a map-reduce after its worker is killed, without paying again for finished chunks", async () => {
  const chunks = await chunkForCalls(TRANSCRIPT, {
    tokensPerCall: TOKENS_PER_CALL,
    instructions: MAP_INSTRUCTIONS,
    overlapTokens: 20,
  });
  expect(chunks.length).toBeGreaterThanOrEqual(10);
  let first: ScriptProcess | undefined = await startWorker(WORKER, [databaseUrl, fake.url]);
  let second: ScriptProcess | undefined;
  try {
    const started = await jobs.enqueue("summarise-meeting", {
      transcript: TRANSCRIPT,
      tokensPerCall: TOKENS_PER_CALL,
    });
    await waitForJob(jobs, started.id, {
      until: (job) => job.progress?.stage === "Reading" && job.progress.done >= 4,
    });
    await first.kill();
    first = undefined;
    const saved = await savedSteps(started.id);
    expect(saved.length).toBeGreaterThanOrEqual(4);
    expect(saved.length).toBeLessThan(chunks.length);

    second = await startWorker(WORKER, [databaseUrl, fake.url]);
    const job = await waitForJob(jobs, started.id);
    expect(job.state).toBe("completed");
    expect(job.attempt).toBe(2);
    expect((job.result as { items: string[] }).items.toSorted()).toEqual(
      itemsIn(TRANSCRIPT).toSorted(),
    );

    const bodies = fake.chatRequests().map((request) => request.body as Body);
    const timesAsked = chunks.map(
      (chunk) =>
        bodies.filter((body) => isMap(body) && body.messages.at(-1)!.content === chunk).length,
    );
    // Every chunk whose step was saved before the kill was asked for once, never again.
    for (const name of saved) expect(timesAsked[Number(name.slice("chunk-".length))]).toBe(1);
    // Every other chunk was asked for by the second worker (once more if it was in flight).
    expect(timesAsked.every((times) => times >= 1 && times <= 2)).toBe(true);
    expect(bodies.filter((body) => !isMap(body))).toHaveLength(1);
  } finally {
    await first?.kill();
    await second?.stop();
  }
}, 120_000);

/** The job's steps saved in its database, as the toolkit's job store records them. */
async function savedSteps(jobId: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      "SELECT name FROM meeting_jobs.job_step WHERE job_id = $1 ORDER BY name",
      [jobId],
    );
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}
