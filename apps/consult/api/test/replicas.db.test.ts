import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { createTokenIssuer, generateSigningKey } from "@bernard/auth";
import { createTestDatabase } from "@bernard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manifest } from "../src/manifest.js";
import { analyst } from "./helpers.js";

const RESPONSES = 200;
const SAYINGS = [
  "I work late shifts and need the bus home",
  "The buses are empty and the money is wasted",
  "Older people in the villages will be isolated",
];

type Portal = Awaited<ReturnType<typeof createTokenIssuer>>;
let portal: Portal;
let databaseUrl: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  portal = await createTokenIssuer({
    issuer: "http://portal.test",
    signingKey: await generateSigningKey(),
  });
  databaseUrl = (await createTestDatabase()).url;
});
afterAll(async () => {
  await Promise.all(children.map(stop));
});

describe("scale-out: API replicas and worker processes on one database", () => {
  it("runs jobs started on one web replica in the workers, followed live on the other", async () => {
    const [a, b] = await Promise.all([startReplica(), startReplica()]);
    const workers = [startWorker(), startWorker()];
    await Promise.all(workers.map((worker) => waitForOutput(worker, "worker ready")));

    const created = await (await a.post("/consultations", { title: "Buses" })).json();
    const { questions } = await (
      await a.post(`/consultations/${created.id}/questions`, { text: "Why?" })
    ).json();
    const csv = [
      "id,answer",
      ...Array.from(
        { length: RESPONSES },
        (_, index) => `${index + 1},"${SAYINGS[index % SAYINGS.length]} (${index + 1})."`,
      ),
    ].join("\n");
    const preview = await (await a.upload(created.id, "buses.csv", csv)).json();
    const mapping = {
      respondentId: "id",
      questions: [{ questionId: questions[0].id, column: "answer" }],
    };
    const importing = await (
      await a.post(`/uploads/${preview.uploadId}/import`, { mapping })
    ).json();
    const imported = await b.followEvents(importing.id);
    expect(imported.state).toBe("completed");
    expect(imported.result.answers).toBe(RESPONSES);

    // One worker goes away; the other is enough to run the analysis.
    await stop(workers[0]!);
    const analysing = await (
      await b.post(`/questions/${questions[0].id}/analysis`, { engine: "offline" })
    ).json();
    const analysed = await a.followEvents(analysing.id);
    expect(analysed.state).toBe("completed");
    expect(analysed.result).toMatchObject({ responses: RESPONSES });

    for (const replica of [a, b]) {
      const themes = await (await replica.call(`/questions/${questions[0].id}/themes`)).json();
      expect(themes.length).toBeGreaterThan(0);
    }
  });
});

/** A web replica (BERNARD_ROLE=web: runJobs false) as its own process. */
async function startReplica() {
  const script = path.join(import.meta.dirname, "fixtures/sorter-replica.ts");
  const child = spawn(
    process.execPath,
    ["--import", "tsx", script, databaseUrl, JSON.stringify(portal.jwks()), "web"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  children.push(child);
  const line = await waitForOutput(child, "listening ");
  const base = `${line.match(/listening (\S+)/)![1]}/tools/consult/api`;

  const call = async (route: string, init: RequestInit = {}) => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${await portal.issue(analyst, manifest.id)}`,
    };
    if (typeof init.body === "string") headers["content-type"] = "application/json";
    return fetch(`${base}${route}`, { ...init, headers });
  };
  const post = (route: string, body: unknown) =>
    call(route, { method: "POST", body: JSON.stringify(body) });
  const upload = (consultationId: string, name: string, content: string) => {
    const form = new FormData();
    form.set("file", new Blob([content]), name);
    return call(`/consultations/${consultationId}/uploads`, { method: "POST", body: form });
  };
  /** Reads the job's Server-Sent Events to its end and returns the last snapshot. */
  const followEvents = async (jobId: string): Promise<any> => {
    const response = await call(`/jobs/${jobId}/events`, { signal: AbortSignal.timeout(60_000) });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const text = await response.text();
    const snapshots = text
      .split("\n")
      .filter((line) => line.startsWith("data: "))
      .map((line) => JSON.parse(line.slice("data: ".length)));
    return snapshots.at(-1);
  };
  return { call, post, upload, followEvents };
}

/** A worker process (BERNARD_ROLE=worker): runs the sorter's jobs, serves nothing. */
function startWorker(): ChildProcess {
  const worker = path.join(import.meta.dirname, "fixtures/analysis-worker.ts");
  // No model is reachable: the offline engine needs none.
  const child = spawn(
    process.execPath,
    ["--import", "tsx", worker, databaseUrl, "http://127.0.0.1:9"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  children.push(child);
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  await once(child, "exit");
}

async function waitForOutput(child: ChildProcess, text: string): Promise<string> {
  let seen = "";
  for await (const chunk of child.stdout!) {
    seen += String(chunk);
    if (seen.includes(text)) return seen;
  }
  throw new Error(`The process exited before printing "${text}"`);
}
