import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createPool, startEmbeddedPostgres, type RunningPostgres } from "@bernard/database";
import { findFreePort } from "@bernard/database/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { z } from "zod";
import { defineJob } from "../src/jobs/job-definition.js";
import type { JobSnapshot } from "../src/jobs/job-store.js";
import { defineTool } from "../src/manifest.js";
import { apiPrefix, createToolServer, type ToolServer } from "../src/server/create-tool-server.js";
import { admitAsAdmin, json, listen, waitFor } from "./helpers.js";

const manifest = defineTool({
  id: "outage-test",
  name: "Outage test",
  description: "Survives losing its database",
  version: "1.0.0",
  basePath: "/tools/outage-test/",
});
const api = apiPrefix(manifest);

/** Held open by the test, so a job is running (and streaming) across the outage. */
let releaseJob: () => void = () => {};
const waitsForRelease = defineJob({
  name: "waits-for-release",
  input: z.object({}),
  async run({ progress }) {
    await progress({ stage: "Waiting", done: 0, total: 1 });
    await new Promise<void>((resolve) => (releaseJob = resolve));
    await progress({ stage: "Released", done: 1, total: 1 });
    return { released: true };
  },
});

/** Resolved when the counting job's first attempt has had a progress write refused. */
let progressWriteFailed: Promise<void>;
let reportProgressWriteFailed: () => void = () => {};

/** Its first attempt reports progress until a write fails (the database stops); later ones finish. */
const countsUntilTheOutage = defineJob({
  name: "counts-until-the-outage",
  input: z.object({}),
  retryDelaySeconds: 1,
  async run({ attempt, progress }) {
    for (let done = 0; attempt === 1; done++) {
      await progress({ stage: "Counting", done, total: 1_000_000 }).catch((error: unknown) => {
        reportProgressWriteFailed();
        throw error;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { attempt };
  },
});

// A PostgreSQL of this file's own (its data kept between stops), since the tests stop and freeze it.
const directory = await mkdtemp(path.join(tmpdir(), "bernard-outage-"));
const port = await findFreePort();
let postgres: RunningPostgres;
let server: ToolServer;
let baseUrl: string;

const startPostgres = async () => {
  postgres = await startEmbeddedPostgres({ directory, port });
};

beforeAll(async () => {
  await startPostgres();
  const pool = createPool({ url: postgres.url, schema: "public" });
  server = await createToolServer({
    manifest,
    database: { url: postgres.url, schema: "app" },
    jobs: [waitsForRelease, countsUntilTheOutage],
    authenticate: admitAsAdmin,
    // A job whose worker lost the database mid-run is retried once it is stale.
    jobTimings: { heartbeatMs: 250, staleAfterMs: 2_000 },
    logger: false,
  });
  server.addHook("onClose", () => pool.end());
  server.post(`${api}/notes`, async () => {
    await pool.query("CREATE TABLE IF NOT EXISTS note (id serial PRIMARY KEY)");
    return (await pool.query("INSERT INTO note DEFAULT VALUES RETURNING id")).rows[0];
  });
  server.post(`${api}/waits`, async () => server.jobs.enqueue("waits-for-release", {}));
  server.post(`${api}/counts`, async () => server.jobs.enqueue("counts-until-the-outage", {}));
  baseUrl = await listen(server);
});

afterAll(async () => {
  releaseJob();
  await server?.close();
  await postgres?.stop();
  await rm(directory, { recursive: true, force: true });
});

/** The postmaster and every backend it started: freezing only the postmaster leaves backends answering. */
function postgresProcesses(): number[] {
  const postmaster = Number(
    readFileSync(path.join(directory, "data", "postmaster.pid"), "utf8").split("\n")[0],
  );
  const children = execFileSync("ps", ["-o", "pid=", "--ppid", String(postmaster)], {
    encoding: "utf8",
  })
    .split("\n")
    .map(Number)
    .filter((pid) => pid > 0);
  return [postmaster, ...children];
}

async function expectDatabaseUnavailable(response: Response): Promise<void> {
  expect(response.status).toBe(503);
  expect(response.headers.get("retry-after")).toBeTruthy();
  expect(await json(response)).toEqual({
    error: {
      code: "DATABASE_UNAVAILABLE",
      message: expect.stringContaining("cannot reach its database"),
    },
  });
}

/** Reads `progress` events from an open event stream as they arrive. */
function followEvents(response: Response): { events: JobSnapshot[]; done: Promise<void> } {
  const events: JobSnapshot[] = [];
  const decoder = new TextDecoder();
  let buffered = "";
  const done = (async () => {
    for await (const chunk of response.body!) {
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      const blocks = buffered.split("\n\n");
      buffered = blocks.pop()!;
      for (const block of blocks.filter((text) => text.startsWith("event: progress")))
        events.push(JSON.parse(block.split("\ndata: ")[1]!) as JobSnapshot);
    }
  })();
  return { events, done };
}

it("answers 503 while PostgreSQL is stopped, and recovers by itself when it is back", async () => {
  expect((await fetch(`${baseUrl}${api}/notes`, { method: "POST" })).status).toBe(200);
  const job = await json(await fetch(`${baseUrl}${api}/waits`, { method: "POST" }));
  const stream = followEvents(await fetch(`${baseUrl}${api}/jobs/${job.id}/events`));
  await waitFor(async () => stream.events.some((event) => event.progress.stage === "Waiting"), {
    what: "the job to start waiting",
  });

  await postgres.stop();

  const ready = await fetch(`${baseUrl}/ready`);
  expect(ready.status).toBe(503);
  expect(await json(ready)).toEqual({ status: "unavailable", checks: { database: "down" } });
  await expectDatabaseUnavailable(await fetch(`${baseUrl}${api}/notes`, { method: "POST" }));
  await expectDatabaseUnavailable(await fetch(`${baseUrl}${api}/jobs/${job.id}`));
  const page = await fetch(`${baseUrl}${api}/jobs/${job.id}`, { headers: { accept: "text/html" } });
  expect(page.status).toBe(503);
  expect(page.headers.get("content-type")).toContain("text/html");
  expect(await page.text()).toContain("Nothing you saved is lost");
  expect((await fetch(`${baseUrl}/health`)).status).toBe(200);

  await startPostgres();

  await waitFor(async () => (await fetch(`${baseUrl}/ready`)).status === 200, {
    timeoutMs: 30_000,
    what: "the tool to be ready again",
  });
  expect((await fetch(`${baseUrl}${api}/notes`, { method: "POST" })).status).toBe(200);
  // The job kept running through the outage; its progress still reaches the stream opened before.
  releaseJob();
  await stream.done;
  expect(stream.events.at(-1)).toMatchObject({
    state: "completed",
    progress: { stage: "Released" },
  });
});

it("answers 503 within its timeouts while PostgreSQL is frozen, and recovers when it thaws", async () => {
  expect((await fetch(`${baseUrl}/ready`)).status).toBe(200);
  const frozen = postgresProcesses();
  for (const pid of frozen) process.kill(pid, "SIGSTOP");
  try {
    expect((await fetch(`${baseUrl}/ready`)).status).toBe(503);
    // A request on an idle connection waits out the query timeout; one needing a new
    // connection, the connection timeout. Either way the answer comes, and says why.
    await expectDatabaseUnavailable(await fetch(`${baseUrl}${api}/notes`, { method: "POST" }));
    await expectDatabaseUnavailable(await fetch(`${baseUrl}${api}/notes`, { method: "POST" }));
  } finally {
    for (const pid of frozen) process.kill(pid, "SIGCONT");
  }
  await waitFor(async () => (await fetch(`${baseUrl}/ready`)).status === 200, {
    timeoutMs: 30_000,
    what: "the tool to be ready again",
  });
  expect((await fetch(`${baseUrl}${api}/notes`, { method: "POST" })).status).toBe(200);
}, 90_000);

it("fails a job whose progress write meets the outage, and retries it once the database is back", async () => {
  progressWriteFailed = new Promise((resolve) => (reportProgressWriteFailed = resolve));
  const job = await json(await fetch(`${baseUrl}${api}/counts`, { method: "POST" }));
  await waitFor(
    async () => (await json(await fetch(`${baseUrl}${api}/jobs/${job.id}`))).progress.done > 0,
    {
      what: "the job to be counting",
    },
  );

  await postgres.stop();
  await expectDatabaseUnavailable(await fetch(`${baseUrl}${api}/jobs/${job.id}`));
  // A short outage can fall between two progress writes, and the job then rightly runs on (as in
  // the first case): the database stays down until a write has met it.
  await progressWriteFailed;
  await startPostgres();

  const finished = await waitFor(
    async () => {
      const response = await fetch(`${baseUrl}${api}/jobs/${job.id}`);
      const snapshot = response.ok ? ((await json(response)) as JobSnapshot) : undefined;
      return snapshot?.state === "completed" && snapshot;
    },
    // Bounded (docs/ARCHITECTURE.md) by staleAfterMs + heartbeatMs + the retry delay: ~5 s here,
    // whichever write met the outage; the rest is room for a machine busy with other test files.
    { timeoutMs: 60_000, what: "the job to be retried and complete" },
  );
  expect(finished.attempt).toBeGreaterThan(1);
  expect(finished.result).toEqual({ attempt: finished.attempt });
}, 90_000);
