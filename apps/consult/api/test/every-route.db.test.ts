import {
  documentedRoutes,
  undescribedSuccesses,
  unrefusedSpellings,
} from "@bernard/toolkit/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSorter } from "./helpers.js";

let sorter: Awaited<ReturnType<typeof startSorter>>;
beforeAll(async () => {
  sorter = await startSorter();
});
afterAll(() => sorter?.server.close());

it(
  "refuses every spelling of every route to a request without the portal's user token",
  // A request a spelling, for every route: the time grows with the API.
  { timeout: 120_000 },
  async () => {
    // Every route in the API's own description, so routes added later are covered too.
    const routes = documentedRoutes(sorter.server.swagger(), { format: "xlsx" });
    expect(routes.length).toBeGreaterThan(25);
    const pages = ["/", "/c/00000000-0000-4000-8000-000000000000"].map((page) => ({
      method: "GET",
      path: `/tools/consult${page}`,
    }));
    const unexpected = await unrefusedSpellings(sorter.server.listeningOrigin, [
      ...routes,
      ...pages,
    ]);
    expect(unexpected).toEqual([]);
  },
);

/** Routes whose answer has no schema to give, and why. */
const NO_SCHEMA: Record<string, string> = {
  "GET /tools/consult/api/consultations/{id}/export.{format}": "a file to download",
};

it("gives every route a response schema for its success status, from the contract", async () => {
  const document = sorter.server.swagger();
  expect(documentedRoutes(document).length).toBeGreaterThan(25);
  const exempt = ({ method, path }: { method: string; path: string }) =>
    `${method} ${path}` in NO_SCHEMA;
  expect(undescribedSuccesses(document, exempt)).toEqual([]);
});
