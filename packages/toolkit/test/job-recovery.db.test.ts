import { withClient } from "@bernard/database";
import { createTestDatabase } from "@bernard/database/testing";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { z } from "zod";
import { defineJob } from "../src/jobs/job-definition.js";
import { JobService } from "../src/jobs/job-service.js";
import { waitFor } from "./helpers.js";

/**
 * A job's state lives in two tables, pg-boss's and the toolkit's status. A write that meets a
 * database outage can leave them disagreeing; these tests make each such state on purpose and
 * check the job is still retried by itself, within the bound the docs give
 * (staleAfterMs + heartbeatMs + the retry delay).
 */
const TIMINGS = { heartbeatMs: 200, staleAfterMs: 1_000 };
const RECOVERY_DEADLINE_MS = 30_000; // the bound here is ~4 s; the rest is room for a busy machine

let releaseFirstAttempt: (() => void) | undefined;
const failsWhenReleased = defineJob({
  name: "fails-when-released",
  input: z.object({}),
  retryDelaySeconds: 1,
  async run({ attempt }) {
    if (attempt === 1) {
      await new Promise<void>((resolve) => (releaseFirstAttempt = resolve));
      throw new Error("The first attempt gives up");
    }
    return { attempt };
  },
});

let databaseUrl: string;
let service: JobService;
const services: JobService[] = [];
const bossState = (id: string) =>
  withClient(databaseUrl, async (client) => {
    const result = await client.query<{ state: string }>(
      "SELECT state FROM app_jobs.job WHERE id = $1",
      [id],
    );
    return result.rows[0]?.state;
  });

const start = async (work: boolean) => {
  const started = new JobService({
    database: { url: databaseUrl, schema: "app" },
    jobs: [failsWhenReleased],
    work,
    ...TIMINGS,
  });
  services.push(started);
  await started.start();
  return started;
};

beforeAll(async () => {
  databaseUrl = (await createTestDatabase()).url;
  service = await start(true);
});
afterAll(async () => {
  releaseFirstAttempt?.();
  for (const running of services.reverse()) await running.stop();
});

it("retries a job whose record of its failure was cut off by an outage", async () => {
  const job = await service.enqueue("fails-when-released", {});
  const release = await waitFor(async () => releaseFirstAttempt, { what: "the job to run" });

  // Hold pg-boss's row, so the run's record of its failure waits, and is then cut off as by an
  // outage.
  const blocker = new pg.Client({ connectionString: databaseUrl });
  await blocker.connect();
  try {
    await blocker.query("BEGIN");
    await blocker.query("SELECT 1 FROM app_jobs.job WHERE id = $1 FOR UPDATE", [job.id]);
    release();
    await waitFor(
      async () => {
        // From a connection of its own: inside the blocker's transaction the view would not change.
        const cut = await withClient(databaseUrl, (client) =>
          client.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE wait_event_type = 'Lock' AND query LIKE '%deleted_jobs%'`,
          ),
        );
        return cut.rowCount! > 0;
      },
      { what: "pg-boss to record the failure" },
    );
  } finally {
    await blocker.query("ROLLBACK");
    await blocker.end();
  }
  // Both tables are written in one transaction: neither recorded the failure.
  expect((await service.get(job.id))?.state).toBe("running");
  expect(await bossState(job.id)).toBe("active");

  const finished = await waitFor(
    async () => {
      const snapshot = await service.get(job.id);
      return snapshot?.state === "completed" && snapshot;
    },
    { timeoutMs: RECOVERY_DEADLINE_MS, what: "the job to be retried and complete" },
  );
  expect(finished).toMatchObject({ attempt: 2, result: { attempt: 2 } });
});

it("retries a job pg-boss handed out whose worker never heard of it (the reply was lost)", async () => {
  const enqueuer = await start(false);
  // No worker may fetch the job before it is made to look lost.
  await service.stop();
  services.splice(services.indexOf(service), 1);
  const job = await enqueuer.enqueue("fails-when-released", {});
  // What a fetch that committed and then lost its connection leaves behind.
  await withClient(databaseUrl, (client) =>
    client.query("UPDATE app_jobs.job SET state = 'active', started_on = now() WHERE id = $1", [
      job.id,
    ]),
  );
  expect((await enqueuer.get(job.id))?.state).toBe("queued");

  const worker = await start(true);
  const finished = await waitFor(
    async () => {
      const snapshot = await worker.get(job.id);
      return snapshot?.state === "completed" && snapshot;
    },
    { timeoutMs: RECOVERY_DEADLINE_MS, what: "the job to be retried and complete" },
  );
  expect(finished).toMatchObject({ attempt: 2, result: { attempt: 2 } });
});
