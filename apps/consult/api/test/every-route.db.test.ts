import { afterAll, beforeAll, expect, it } from "vitest";
import { startSorter } from "./helpers.js";

let sorter: Awaited<ReturnType<typeof startSorter>>;
beforeAll(async () => {
  sorter = await startSorter();
});
afterAll(() => sorter?.server.close());

const SOME_ID = "00000000-0000-4000-8000-000000000000";

it("refuses every API route to a request without the portal's user token", async () => {
  const spec = sorter.server.swagger() as { paths: Record<string, Record<string, unknown>> };
  const routes = Object.entries(spec.paths)
    .filter(([route]) => route.startsWith("/tools/consult/api/") && !route.includes("/docs"))
    .flatMap(([route, methods]) =>
      Object.keys(methods).map((method) => ({
        method: method.toUpperCase(),
        path: route.replaceAll(/\{[^}]+\}/g, (name) => (name === "{format}" ? "xlsx" : SOME_ID)),
      })),
    );
  // The sorter's routes, as its pages use them: consultations, uploads, analysis, review, exports.
  expect(routes.length).toBeGreaterThan(20);
  const origin = new URL(sorter.server.listeningOrigin);
  for (const route of routes) {
    const response = await fetch(new URL(route.path, origin), {
      method: route.method,
      ...(["GET", "HEAD"].includes(route.method)
        ? {}
        : { body: "{}", headers: { "content-type": "application/json" } }),
    });
    expect(`${route.method} ${route.path} ${response.status}`).toBe(
      `${route.method} ${route.path} 401`,
    );
  }
});
