import {
  documentedRoutes,
  undescribedSuccesses,
  unrefusedSpellings,
} from "@bernard/toolkit/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PURGE_JOB } from "../src/jobs/purge-transcripts.js";
import { startMinutes } from "./helpers.js";

let minutes: Awaited<ReturnType<typeof startMinutes>>;
beforeAll(async () => {
  minutes = await startMinutes();
});
afterAll(() => minutes?.server.close());

it(
  "refuses every spelling of every route and page to a request without the portal's user token",
  // A request a spelling, for every route: the time grows with the API.
  { timeout: 120_000 },
  async () => {
    // Every route in the API's own description, so routes added later are covered too.
    const routes = documentedRoutes(minutes.server.swagger(), { format: "docx", number: "1" });
    expect(routes.length).toBeGreaterThan(25);
    const pages = ["/", "/actions", "/m/00000000-0000-4000-8000-000000000000/minutes"];
    const requests = [
      ...routes,
      ...pages.map((page) => ({ method: "GET", path: `/tools/minutes${page}` })),
    ];
    expect(await unrefusedSpellings(minutes.server.listeningOrigin, requests)).toEqual([]);
  },
);

it("gives every route a response schema for its success status, from the contract", () => {
  // A download (the minutes, the actions) has no JSON schema to give.
  const isDownload = ({ path }: { path: string }) =>
    path.endsWith("/export.{format}") || path.endsWith(".csv");
  expect(undescribedSuccesses(minutes.server.swagger(), isDownload)).toEqual([]);
});

it("runs the daily purge as a durable job and says how many transcripts it deleted", async () => {
  const job = await minutes.server.jobs.enqueue(
    PURGE_JOB,
    { day: "2026-12-02" },
    { subject: { kind: "retention", id: "2026-12-02" } },
  );
  const finished = await poll(async () => {
    const current = await minutes.server.jobs.get(job.id);
    return current && ["completed", "failed", "cancelled"].includes(current.state)
      ? current
      : undefined;
  });
  expect(finished).toMatchObject({ state: "completed", result: { purged: 0 } });
});

async function poll<T>(check: () => Promise<T | undefined>): Promise<T | undefined> {
  for (let tries = 0; tries < 150; tries += 1) {
    const found = await check();
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}
