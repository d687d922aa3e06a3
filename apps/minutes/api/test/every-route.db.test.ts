import { documentedRoutes, isRefusal, routeSpellings, sendRaw } from "@bernard/toolkit/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PURGE_JOB } from "../src/jobs/purge-transcripts.js";
import { startMinutes } from "./helpers.js";

let minutes: Awaited<ReturnType<typeof startMinutes>>;
beforeAll(async () => {
  minutes = await startMinutes();
});
afterAll(() => minutes?.server.close());

const PUBLIC = ["GET /health", "GET /ready", "GET /manifest"];

it("refuses every spelling of every route to a request without the portal's user token", async () => {
  const routes = documentedRoutes(minutes.server.swagger(), { format: "docx", number: "1" });
  expect(routes.length).toBeGreaterThan(25);
  const pages = ["/", "/actions", "/m/00000000-0000-4000-8000-000000000000/minutes"].map(
    (page) => ({
      method: "GET",
      path: `/tools/minutes${page}`,
    }),
  );
  const unexpected: string[] = [];
  for (const route of [...routes, ...pages]) {
    const body = ["GET", "HEAD"].includes(route.method) ? undefined : "{}";
    const isPublic = PUBLIC.includes(`${route.method} ${route.path}`);
    for (const path of [route.path, ...routeSpellings(route.path)]) {
      const answer = await sendRaw(minutes.server.listeningOrigin, {
        method: route.method,
        path,
        body,
      });
      if (isPublic ? answer.status >= 500 : !isRefusal(answer, route.method))
        unexpected.push(`${route.method} ${path} ${answer.status}`);
    }
  }
  expect(unexpected).toEqual([]);
});

/** Routes that answer something other than JSON, so have no response schema. */
const NOT_JSON = [
  "GET /tools/minutes/api/jobs/{id}/events",
  "GET /tools/minutes/api/meetings/{id}/export.{format}",
  "GET /tools/minutes/api/actions.csv",
];

it("gives every route a response schema for its success status, from the contract", () => {
  const document = minutes.server.swagger() as {
    paths: Record<string, Record<string, { responses?: Record<string, { content?: unknown }> }>>;
  };
  const missing = documentedRoutes(document)
    .filter(({ method, route }) => !NOT_JSON.includes(`${method} ${route}`))
    .filter(({ method, route }) => {
      const responses = document.paths[route]![method.toLowerCase()]!.responses ?? {};
      return !Object.entries(responses).some(
        ([status, reply]) => /^2\d\d$/.test(status) && (status === "204" || reply.content),
      );
    })
    .map(({ method, route }) => `${method} ${route}`);
  expect(missing).toEqual([]);
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
