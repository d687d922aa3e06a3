import net from "node:net";
import { withClient } from "@bernard/database";
import { createTestDatabase } from "@bernard/database/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { z } from "zod";
import { defineJob } from "../src/jobs/job-definition.js";
import { JobService } from "../src/jobs/job-service.js";
import { waitFor } from "./helpers.js";

/**
 * Two workers on one database; the first reaches it through a link the test can cut, as a
 * network partition or a stalled host would. The job it runs must stop before the second worker
 * retries it, and nothing the first run does afterwards may change the retry's record.
 */
const TIMINGS = { heartbeatMs: 200, staleAfterMs: 1_500 };

/** A TCP relay to PostgreSQL that can stop passing bytes (both ways) and start again. */
class Link {
  private readonly sockets = new Set<net.Socket>();
  private cut = false;
  private readonly server = net.createServer((client) => {
    const upstream = net.connect(this.target);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(from);
      from.pipe(to);
      from.on("error", () => to.destroy());
      from.on("close", () => {
        this.sockets.delete(from);
        to.destroy();
      });
      if (this.cut) from.pause();
    }
  });

  constructor(private readonly target: { host: string; port: number }) {}

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as net.AddressInfo).port;
  }

  sever(): void {
    this.cut = true;
    for (const socket of this.sockets) socket.pause();
  }

  restore(): void {
    this.cut = false;
    for (const socket of this.sockets) socket.resume();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

interface Run {
  attempt: number;
  startedAt: number;
  stoppedAt?: number;
}
const runs: Run[] = [];
let firstRunReturned = false;
let returnFirstRun: () => void = () => {};

/** The first run ignores being stopped until the test lets it return, as a slow handler would. */
const holdsOn = defineJob({
  name: "holds-on",
  input: z.object({}),
  retryDelaySeconds: 1,
  async run({ attempt, signal }) {
    const run: Run = { attempt, startedAt: Date.now() };
    runs.push(run);
    if (attempt === 1) {
      await new Promise((resolve) => signal.addEventListener("abort", resolve));
      run.stoppedAt = Date.now();
      await new Promise<void>((resolve) => (returnFirstRun = resolve));
      firstRunReturned = true;
    }
    return { attempt };
  },
});

/** Keeps the event loop busy (no timers, no heartbeats) past the lease's lapse, short of staleness. */
const busy = defineJob({
  name: "busy",
  input: z.object({}),
  async run({ attempt, signal }) {
    const until = Date.now() + TIMINGS.staleAfterMs - TIMINGS.heartbeatMs;
    while (Date.now() < until); // CPU work that does not yield
    // Then waits a few heartbeats, stopping if the run is told to.
    await new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, 3 * TIMINGS.heartbeatMs);
      signal.addEventListener("abort", () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      });
    });
    return { attempt };
  },
});

let databaseUrl: string;
/** The same database through the link. */
let linkedUrl: string;
let link: Link;
const services: JobService[] = [];
const start = async (url: string, work: boolean) => {
  const service = new JobService({
    database: { url, schema: "app" },
    jobs: [holdsOn, busy],
    work,
    ...TIMINGS,
  });
  services.push(service);
  await service.start();
  return service;
};

beforeAll(async () => {
  databaseUrl = (await createTestDatabase()).url;
  const target = new URL(databaseUrl);
  link = new Link({ host: target.hostname, port: Number(target.port) });
  const through = new URL(databaseUrl);
  through.port = String(await link.listen());
  linkedUrl = through.toString();
});

afterAll(async () => {
  returnFirstRun();
  link.restore();
  for (const service of services.reverse()) await service.stop();
  await link.close();
});

it("stops a run that cannot renew its lease before another worker retries the job, which the stopped run cannot then change", async () => {
  const cutOff = await start(linkedUrl, true);
  const job = await cutOff.enqueue("holds-on", {});
  await waitFor(async () => runs.length === 1, { what: "the first worker to run the job" });

  link.sever();
  const connected = await start(databaseUrl, true);
  const finished = await waitFor(
    async () => {
      const snapshot = await connected.get(job.id);
      return snapshot?.state === "completed" && snapshot;
    },
    { timeoutMs: 30_000, what: "the second worker to retry the job and complete it" },
  );
  expect(finished).toMatchObject({ attempt: 2, result: { attempt: 2 } });
  const [first, second] = runs;
  expect(first!.stoppedAt).toBeDefined();
  expect(first!.stoppedAt!).toBeLessThan(second!.startedAt);

  // The stopped run comes back and returns as if it had finished: its outcome is not recorded.
  link.restore();
  returnFirstRun();
  await waitFor(async () => firstRunReturned, { what: "the first run to return" });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(await connected.get(job.id)).toMatchObject({ state: "completed", attempt: 2 });
  const boss = await withClient(databaseUrl, (client) =>
    client.query("SELECT state, output FROM app_jobs.job WHERE id = $1", [job.id]),
  );
  expect(boss.rows[0]).toMatchObject({ state: "completed" });
  expect(runs).toHaveLength(2);
}, 90_000);

it("lets a run go on after its event loop was busy for a while, if nobody took the job over", async () => {
  const service = await start(databaseUrl, true);
  const job = await service.enqueue("busy", {});
  const finished = await waitFor(
    async () => {
      const snapshot = await service.get(job.id);
      return snapshot && ["completed", "failed"].includes(snapshot.state) && snapshot;
    },
    { timeoutMs: 30_000, what: "the busy job to finish" },
  );
  expect(finished).toMatchObject({ state: "completed", attempt: 1, result: { attempt: 1 } });
}, 60_000);
