import path from "node:path";
import { withClient } from "@bernard/database";
import { createTestDatabase } from "@bernard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JobService } from "../src/jobs/job-service.js";
import type { JobSnapshot } from "../src/jobs/job-store.js";
import { defineTool } from "../src/manifest.js";
import { createToolServer, type ToolServer } from "../src/server/create-tool-server.js";
import { countTo, flaky, threeSteps, unmendable, unmendableAttempts } from "./fixtures/jobs.js";
import { json, listen, readEvents, waitFor, admitAsAdmin } from "./helpers.js";
import { startWorker, waitForJob } from "../src/testing/index.js";

const WORKER = path.join(import.meta.dirname, "fixtures/worker.ts");

const manifest = defineTool({
  id: "jobs-test",
  name: "Jobs test",
  description: "Exercises durable jobs",
  version: "1.0.0",
  basePath: "/tools/jobs-test/",
});

let server: ToolServer;
let baseUrl: string;
let databaseUrl: string;

beforeAll(async () => {
  databaseUrl = (await createTestDatabase()).url;
  await withClient(databaseUrl, (client) =>
    client.query(
      "CREATE SCHEMA app; CREATE TABLE app.effects (id serial PRIMARY KEY, step text NOT NULL)",
    ),
  );
  server = await createToolServer({
    manifest,
    database: { url: databaseUrl, schema: "app" },
    jobs: [countTo, flaky, unmendable],
    jobTimings: { heartbeatMs: 200, staleAfterMs: 1_000 },
    authenticate: admitAsAdmin,
    logger: false,
  });
  baseUrl = await listen(server);
});
afterAll(() => server.close());

const api = (suffix: string) => `${baseUrl}/tools/jobs-test/api${suffix}`;

describe("durable jobs", () => {
  it("streams stored progress to the browser until the job finishes", async () => {
    const job = await server.jobs.enqueue(
      "count-to",
      { to: 5, delayMs: 300 },
      { startedBy: "user-1" },
    );
    expect(job).toMatchObject({ state: "queued", startedBy: "user-1" });

    const response = await fetch(api(`/jobs/${job.id}/events`));
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = await readEvents(response);

    const counted = events
      .filter((event) => event.state === "running")
      .map((event) => event.progress.done);
    expect(counted.length).toBeGreaterThanOrEqual(3);
    expect(counted).toEqual([...counted].sort((a, b) => a - b));
    expect(events.at(-1)).toMatchObject({
      state: "completed",
      progress: { stage: "Counting", done: 5, total: 5, message: "Counted 5" },
      result: { counted: 5 },
    });
    const stored = await json(await fetch(api(`/jobs/${job.id}`)));
    expect(stored).toMatchObject({ state: "completed", progress: { done: 5 } });
  });

  it("runs every job of a burst, even ones a busy worker fetches the moment they are enqueued", async () => {
    const jobs: JobSnapshot[] = [];
    for (let i = 0; i < 60; i++)
      jobs.push(await server.jobs.enqueue("count-to", { to: 1, delayMs: 0 }));
    const states = await waitFor(
      async () => {
        const snapshots = await Promise.all(jobs.map((job) => server.jobs.get(job.id)));
        return snapshots.every((job) => job?.state === "completed") && snapshots;
      },
      { what: "all 60 jobs to complete" },
    );
    expect(states.map((job) => job?.result)).toEqual(jobs.map(() => ({ counted: 1 })));
  });

  it("retries a failed job with backoff and records the error in between", async () => {
    const job = await server.jobs.enqueue("flaky", {});
    const events = await readEvents(await fetch(api(`/jobs/${job.id}/events`)));

    expect(
      events.some((event) => event.state === "retrying" && event.error?.includes("unavailable")),
    ).toBe(true);
    expect(events.at(-1)).toMatchObject({
      state: "completed",
      attempt: 2,
      result: { succeededOnAttempt: 2 },
    });
  });

  it("fails a job at once, with its message, when it throws a JobFailure", async () => {
    const job = await server.jobs.enqueue("unmendable", {});
    const events = await readEvents(await fetch(api(`/jobs/${job.id}/events`)));

    expect(events.some((event) => event.state === "retrying")).toBe(false);
    expect(events.at(-1)).toMatchObject({
      state: "failed",
      attempt: 1,
      error: "The stored file cannot be read. Upload it again.",
    });
    // Past the retry delay, pg-boss has not run it again either.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(unmendableAttempts).toBe(1);
    expect((await server.jobs.get(job.id))?.state).toBe("failed");
    const boss = await withClient(databaseUrl, (client) =>
      client.query("SELECT state FROM app_jobs.job WHERE id = $1", [job.id]),
    );
    expect(boss.rows[0]).toEqual({ state: "failed" });
  });

  it("cancels a running job, which stops instead of finishing", async () => {
    const job = await server.jobs.enqueue("count-to", { to: 1000, delayMs: 50 });
    await waitFor(async () => (await server.jobs.get(job.id))?.state === "running", {
      what: "the job to start",
    });

    const cancelled = await fetch(api(`/jobs/${job.id}/cancel`), { method: "POST" });
    expect(cancelled.status).toBe(200);
    expect(await json(cancelled)).toMatchObject({ state: "cancelled" });

    const doneAtCancel = (await server.jobs.get(job.id))!.progress.done;
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = (await server.jobs.get(job.id))!;
    expect(after.state).toBe("cancelled");
    expect(after.progress.done).toBeLessThanOrEqual(doneAtCancel + 1);
    expect(after.progress.done).toBeLessThan(1000);

    const again = await fetch(api(`/jobs/${job.id}/cancel`), { method: "POST" });
    expect(again.status).toBe(409);
    expect((await json(again)).error.message).toMatch(/already been cancelled/);
  });

  it("answers 404 in the error envelope for a job that does not exist, 400 for a malformed ID", async () => {
    const missing = await fetch(api("/jobs/00000000-0000-4000-8000-000000000000"));
    expect(missing.status).toBe(404);
    expect((await json(missing)).error.code).toBe("NOT_FOUND");
    const malformed = await fetch(api("/jobs/not-a-uuid"));
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).error.details[0].field).toBe("params.id");
  });

  it("resumes a job whose worker was killed, doing no step twice", async () => {
    // Enqueue and watch from a service that runs nothing, so child workers are the only runners.
    const observer = new JobService({
      database: { url: databaseUrl, schema: "app" },
      jobs: [threeSteps],
      work: false,
    });
    await observer.start();
    try {
      const first = await startWorker(WORKER, [databaseUrl]);
      const job = await observer.enqueue("three-steps", { slowMs: 3_000 });
      await waitForJob(observer, job.id, {
        until: (snapshot) => snapshot.progress?.stage === "two",
      });
      await first.kill();

      const second = await startWorker(WORKER, [databaseUrl]);
      try {
        const finished = await waitForJob(observer, job.id, { timeoutMs: 30_000 });
        expect(finished.state).toBe("completed");
        expect(finished.attempt).toBe(2);
      } finally {
        await second.stop();
      }
      const effects = await withClient(databaseUrl, async (client) => {
        const result = await client.query<{ step: string }>(
          "SELECT step FROM app.effects ORDER BY id",
        );
        return result.rows.map((row) => row.step);
      });
      expect(effects).toEqual(["one", "two", "three"]);
    } finally {
      await observer.stop();
    }
  });
});
