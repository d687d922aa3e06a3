import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  createDatabase,
  findFreePort,
  startEmbeddedPostgres,
  withDatabase,
} from "@bernard/database";

import { defineJob, JobService } from "@bernard/toolkit";
import PgBoss from "pg-boss";
import { z } from "zod";
import { printTable, ratio } from "./report.js";

const JOBS = 500;
const CONCURRENCY = 4;

/** Empty jobs per second: Bernard's JobService (status rows, change notifications) against pg-boss alone. */
export async function benchJobs(): Promise<void> {
  const server = await startEmbeddedPostgres({
    directory: await mkdtemp(path.join(tmpdir(), "bernard-bench-jobs-")),
    port: await findFreePort(),
    ephemeral: true,
  });
  try {
    await createDatabase(server.url, "bench");
    const url = withDatabase(server.url, "bench");
    const baseline = await rawPgBoss(url);
    const bernard = await jobService(url);
    printTable(
      `Jobs: ${JOBS} empty jobs, ${CONCURRENCY} workers, enqueue to all finished`,
      ["JobService", "pg-boss alone", "JobService/pg-boss"],
      [["jobs per second", bernard.toFixed(0), baseline.toFixed(0), ratio(bernard, baseline)]],
    );
  } finally {
    await server.stop();
  }
}

async function rawPgBoss(url: string): Promise<number> {
  const boss = new PgBoss({ connectionString: url, schema: "raw_jobs" });
  boss.on("error", (error) => console.error(error));
  await boss.start();
  await boss.createQueue("empty");
  let finished = 0;
  let done!: () => void;
  const allDone = new Promise<void>((resolve) => (done = resolve));
  for (let i = 0; i < CONCURRENCY; i++) {
    // Woken after each job as JobService does, so the ratio shows JobService's own overhead.
    const workerId: string = await boss.work(
      "empty",
      { batchSize: 1, pollingIntervalSeconds: 0.5 },
      ([job]) => {
        if (job && ++finished === JOBS) done();
        if (job) boss.notifyWorker(workerId);
        return Promise.resolve();
      },
    );
  }
  const started = performance.now();
  for (let i = 0; i < JOBS; i++) await boss.send("empty", {});
  await allDone;
  const perSecond = JOBS / ((performance.now() - started) / 1000);
  await boss.stop({ graceful: true, wait: true });
  return perSecond;
}

async function jobService(url: string): Promise<number> {
  let finished = 0;
  let done!: () => void;
  const allDone = new Promise<void>((resolve) => (done = resolve));
  const empty = defineJob({
    name: "empty",
    input: z.object({}),
    concurrency: CONCURRENCY,
    run() {
      if (++finished === JOBS) done();
      return Promise.resolve();
    },
  });
  const service = new JobService({ database: { url, schema: "bench" }, jobs: [empty] });
  await service.start();
  const started = performance.now();
  for (let i = 0; i < JOBS; i++) await service.enqueue("empty", {});
  await allDone;
  const perSecond = JOBS / ((performance.now() - started) / 1000);
  await service.stop();
  return perSecond;
}
