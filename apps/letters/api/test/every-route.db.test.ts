import {
  documentedRoutes,
  undescribedSuccesses,
  unrefusedSpellings,
} from "@bernard/toolkit/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { drafter, outsider, startLetters } from "./helpers.js";

let letters: Awaited<ReturnType<typeof startLetters>>;
beforeAll(async () => {
  letters = await startLetters();
});
afterAll(() => letters?.server.close());

it(
  "refuses every spelling of every route and page to a request without the portal's user token",
  // A request a spelling, for every route: the time grows with the API.
  { timeout: 120_000 },
  async () => {
    // Every route in the API's own description, so routes added later are covered too.
    const routes = documentedRoutes(letters.server.swagger(), { format: "docx", number: "1" });
    expect(routes.length).toBeGreaterThan(25);
    const pages = ["/", "/new", "/lines", "/settings", "/c/00000000-0000-4000-8000-000000000000"];
    const requests = [
      ...routes,
      ...pages.map((page) => ({ method: "GET", path: `/tools/letters${page}` })),
    ];
    expect(await unrefusedSpellings(letters.server.listeningOrigin, requests)).toEqual([]);
  },
);

it("answers someone outside the case's team 'not found' on every route about the case", async () => {
  const shared = await letters.loggedCase();
  await letters.as(drafter).post(`/cases/${shared.id}/draft`, {});
  const aboutTheCase = documentedRoutes(letters.server.swagger(), {
    id: shared.id,
    format: "docx",
    number: "1",
  }).filter((route) => route.route.startsWith("/tools/letters/api/cases/{id}"));
  expect(aboutTheCase.length).toBeGreaterThan(15);
  const answers = await Promise.all(
    aboutTheCase.map(async ({ method, path }) => {
      const init = method === "GET" ? {} : { method, body: "{}" };
      const answer = await letters.as(outsider).call(path.replace("/tools/letters/api", ""), init);
      return `${method} ${path} ${answer.status}`;
    }),
  );
  expect(answers.filter((answer) => !answer.endsWith(" 404"))).toEqual([]);
  expect(
    (await letters.as(outsider).json("/cases")).map((row: { id: string }) => row.id),
  ).not.toContain(shared.id);
  expect((await letters.as(outsider).json("/dashboard")).byStatus).toEqual([]);
});

it("gives every route a response schema for its success status, from the contract", () => {
  // A download has no JSON schema to give.
  const isDownload = ({ path }: { path: string }) => path.endsWith("/export.{format}");
  expect(undescribedSuccesses(letters.server.swagger(), isDownload)).toEqual([]);
});
