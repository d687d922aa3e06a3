import {
  createTokenIssuer,
  createTokenVerifier,
  generateSigningKey,
  type UserClaims,
} from "@bernard/auth";
import { withClient } from "@bernard/database";
import { createTestDatabase } from "@bernard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineJob } from "../src/jobs/job-definition.js";
import type { JobSnapshot } from "../src/jobs/job-store.js";
import { defineTool } from "../src/manifest.js";
import { createToolServer, type ToolServer } from "../src/server/create-tool-server.js";
import { countTo } from "./fixtures/jobs.js";
import { admitAsAdmin, json, listen, readEvents, waitFor } from "./helpers.js";

const manifest = defineTool({
  id: "letters",
  name: "Letter drafter",
  description: "Jobs tied to the letter they work on",
  version: "1.0.0",
  basePath: "/tools/letters/",
});

/** Runs until the test releases it, so a job stays unfinished while others are tried. */
const releases = new Map<string, () => void>();
const draftLetter = defineJob({
  name: "draft-letter",
  input: z.object({ letterId: z.string() }),
  async run({ input, progress, signal }) {
    await progress({ stage: "Drafting", done: 0, total: 1 });
    await new Promise<void>((resolve, reject) => {
      releases.set(input.letterId, resolve);
      signal.addEventListener("abort", () => reject(signal.reason as Error));
    });
    return { drafted: input.letterId };
  },
});

const person = (sub: string, groups: string[] = []): UserClaims => ({
  sub,
  name: sub,
  email: `${sub}@example.gov.uk`,
  roles: ["user"],
  groups,
});
/** The tool's own rule: a letter's team (a group named after it) may follow its jobs. */
const letterTeam = (letterId: string) => `letter-${letterId}`;

let server: ToolServer;
let baseUrl: string;
let databaseUrl: string;
let tokenFor: (claims: UserClaims) => Promise<string>;

beforeAll(async () => {
  const issuer = await createTokenIssuer({
    issuer: "http://portal",
    signingKey: await generateSigningKey(),
  });
  tokenFor = (claims) => issuer.issue(claims, "letters");
  databaseUrl = (await createTestDatabase()).url;
  server = await createToolServer({
    manifest,
    database: { url: databaseUrl, schema: "app" },
    jobs: [draftLetter, countTo],
    canAccessJob: (user, job) =>
      job.subject?.kind === "letter" && user.groups.includes(letterTeam(job.subject.id)),
    logger: false,
    verifyUserToken: createTokenVerifier({
      issuer: "http://portal",
      audience: "letters",
      keys: issuer.jwks(),
    }),
  });
  baseUrl = await listen(server);
});
afterAll(async () => {
  for (const release of releases.values()) release();
  await server.close();
});

const call = async (claims: UserClaims, path: string, init: RequestInit = {}) =>
  fetch(`${baseUrl}/tools/letters/api${path}`, {
    ...init,
    headers: { authorization: `Bearer ${await tokenFor(claims)}` },
  });
const letter = (id: string) => ({ kind: "letter", id });
const draft = (letterId: string, startedBy = "ada") =>
  server.jobs.enqueue("draft-letter", { letterId }, { startedBy, subject: letter(letterId) });
const settled = (id: string) =>
  waitFor(
    async () => {
      const job = await server.jobs.get(id);
      return job && ["completed", "failed", "cancelled"].includes(job.state) && job;
    },
    { what: `job ${id} to finish` },
  );

describe("jobs tied to their subject", () => {
  it("lets only one of many simultaneous starts for a subject through; other subjects and kinds are free", async () => {
    const attempts = await Promise.allSettled(Array.from({ length: 12 }, () => draft("L1")));
    const started = attempts.filter((attempt) => attempt.status === "fulfilled");
    const refused = attempts.filter((attempt) => attempt.status === "rejected");
    expect(started).toHaveLength(1);
    expect(refused).toHaveLength(11);
    for (const refusal of refused)
      expect(refusal.reason).toMatchObject({
        statusCode: 409,
        message: expect.stringContaining('already has an unfinished "draft-letter" job'),
      });

    // Another subject, or another kind of job on the same subject, is not held up.
    const other = await draft("L2");
    const count = await server.jobs.enqueue(
      "count-to",
      { to: 1, delayMs: 0 },
      { subject: letter("L1") },
    );
    expect(other.state).toBe("queued");
    await settled(count.id);

    // Once the subject's job is finished, the next one may start.
    const first = (started[0] as PromiseFulfilledResult<JobSnapshot>).value;
    await waitFor(async () => releases.has("L1"), { what: "the first job to run" });
    releases.get("L1")!();
    await settled(first.id);
    const next = await draft("L1");
    expect(next.subject).toEqual(letter("L1"));
    await server.jobs.cancel(next.id);
    await server.jobs.cancel(other.id);
  });

  it("finds a subject's current job, and its latest once finished, for anyone its rule admits", async () => {
    const colleague = person("bob", [letterTeam("L3")]);
    const before = await call(colleague, "/jobs?subjectKind=letter&subjectId=L3");
    expect(await json(before)).toEqual({ job: null });

    const job = await draft("L3");
    const current = await json(await call(colleague, "/jobs?subjectKind=letter&subjectId=L3"));
    expect(current.job).toMatchObject({ id: job.id, subject: letter("L3") });
    expect(["queued", "running"]).toContain(current.job.state);

    await waitFor(async () => releases.has("L3"), { what: "the job to run" });
    releases.get("L3")!();
    await settled(job.id);
    const latest = await json(
      await call(colleague, "/jobs?subjectKind=letter&subjectId=L3&name=draft-letter"),
    );
    expect(latest.job).toMatchObject({ id: job.id, state: "completed" });

    const missing = await call(colleague, "/jobs?subjectKind=letter");
    expect(missing.status).toBe(400);
    expect((await json(missing)).error.message).toContain("subjectId");
  });

  it("lets whoever the tool's rule admits follow and cancel a job someone else started; others get 404", async () => {
    const job = await draft("L4", "ada");
    const colleague = person("bob", [letterTeam("L4")]);
    const outsider = person("eve", [letterTeam("L5")]);
    const starterOutsideTheTeam = person("ada");

    expect((await call(outsider, `/jobs/${job.id}`)).status).toBe(404);
    expect((await call(outsider, `/jobs/${job.id}/events`)).status).toBe(404);
    expect((await call(outsider, `/jobs/${job.id}/cancel`, { method: "POST" })).status).toBe(404);
    expect((await call(outsider, "/jobs?subjectKind=letter&subjectId=L4")).status).toBe(404);
    // The rule is the tool's: having started the job is not what admits someone.
    expect((await call(starterOutsideTheTeam, `/jobs/${job.id}`)).status).toBe(404);

    expect((await call(colleague, `/jobs/${job.id}`)).status).toBe(200);
    const events = call(colleague, `/jobs/${job.id}/events`).then(readEvents);
    const cancel = await call(colleague, `/jobs/${job.id}/cancel`, { method: "POST" });
    expect(cancel.status).toBe(200);
    expect((await events).at(-1)).toMatchObject({ id: job.id, state: "cancelled" });
  });
});

it("adds the subject columns to a job table made before subjects existed", async () => {
  const { url } = await createTestDatabase();
  // The job_status table as the first release created it.
  await withClient(url, (client) =>
    client.query(`
      CREATE SCHEMA app_jobs;
      CREATE TABLE app_jobs.job_status (
        id uuid PRIMARY KEY, name text NOT NULL, state text NOT NULL,
        stage text NOT NULL DEFAULT 'Waiting to start', done integer NOT NULL DEFAULT 0,
        total integer NOT NULL DEFAULT 0, message text, attempt integer NOT NULL DEFAULT 0,
        result jsonb, error text, started_by text, heartbeat_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO app_jobs.job_status (id, name, state) VALUES (gen_random_uuid(), 'count-to', 'completed');
    `),
  );
  const upgraded = await createToolServer({
    manifest,
    database: { url, schema: "app" },
    jobs: [countTo],
    authenticate: admitAsAdmin,
    logger: false,
  });
  try {
    await upgraded.ready();
    const job = await upgraded.jobs.enqueue(
      "count-to",
      { to: 1, delayMs: 0 },
      { subject: letter("L9") },
    );
    expect((await upgraded.jobs.latestFor(letter("L9")))?.id).toBe(job.id);
  } finally {
    await upgraded.close();
  }
});
