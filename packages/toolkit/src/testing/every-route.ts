import { afterAll, beforeAll, expect, it } from "vitest";
import { documentedRoutes, pageRequests } from "./openapi-routes.js";
import { undescribedSuccesses, type DocumentedOperation } from "./response-schemas.js";
import { unrefusedSpellings } from "./unrefused.js";

/** A tool's server as its tests start it: Fastify's own `swagger()` and `listeningOrigin`. */
interface StartedTool {
  server: { swagger(): unknown; listeningOrigin: string; close(): Promise<unknown> };
}

export interface EveryRouteChecks {
  /** The tool's ID, as in `/tools/<tool>/…`. */
  tool: string;
  /** Values for path parameters other than IDs (a made-up UUID stands in for those). */
  params?: Record<string, string>;
  /** The tool's pages, as its contract lists them: paths below `/tools/<tool>`, `$name` a parameter. */
  pages: readonly string[];
  /** Routes whose success has no JSON to describe (a download); the reason beside each. */
  noSchema?: (operation: DocumentedOperation) => boolean;
}

/**
 * The two checks every tool's API owes, over every route in its own OpenAPI document (so routes
 * added later are covered): each spelling of each route and page is refused without the portal's
 * user token, and each route's success answer has a schema from the contract.
 */
export function checkEveryRoute(start: () => Promise<StartedTool>, checks: EveryRouteChecks) {
  let started: StartedTool;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(() => started?.server.close());

  // A request a spelling, for every route: the time grows with the API.
  it(
    "refuses every spelling of every route and page to a request without the portal's user token",
    { timeout: 120_000 },
    async () => {
      const routes = documentedRoutes(started.server.swagger(), checks.params);
      expect(routes.length).toBeGreaterThan(25);
      const pages = pageRequests(checks.tool, checks.pages, checks.params);
      expect(
        await unrefusedSpellings(started.server.listeningOrigin, [...routes, ...pages]),
      ).toEqual([]);
    },
  );

  it("gives every route a response schema for its success status, from the contract", () => {
    const document = started.server.swagger();
    expect(documentedRoutes(document).length).toBeGreaterThan(25);
    expect(undescribedSuccesses(document, checks.noSchema)).toEqual([]);
  });
}
