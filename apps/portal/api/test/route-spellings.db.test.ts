import { documentedRoutes, isRefusal, routeSpellings, sendRaw } from "@bernard/toolkit/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestPortal } from "./portal-server.js";

let portal: Awaited<ReturnType<typeof startTestPortal>>;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(() => portal?.server.close());

/**
 * The portal's routes that need no session, each declared so in its own route options:
 * probes, public keys, signing in (by password or single sign-on) and accepting an invitation.
 */
const PUBLIC = [
  "GET /health",
  "GET /ready",
  "GET /manifest",
  "GET /.well-known/jwks.json",
  "POST /api/session",
  "GET /api/sign-in/methods",
  "GET /api/oidc/start",
  "GET /api/oidc/callback",
  "GET /api/invitations/{token}",
  "POST /api/invitations/{token}/accept",
];

it("refuses every spelling of every route that needs a session to a request without one", async () => {
  // Every route in the portal's own API description, so routes added later are covered too.
  const routes = documentedRoutes(portal.server.swagger(), {
    token: "an-invitation-token-that-is-not-real",
    toolId: "consult",
  });
  expect(routes.length).toBeGreaterThan(30);
  const unexpected: string[] = [];
  for (const route of routes) {
    const body = ["GET", "HEAD", "DELETE"].includes(route.method) ? undefined : "{}";
    const isPublic = PUBLIC.includes(`${route.method} ${route.route}`);
    for (const path of [route.path, ...routeSpellings(route.path)]) {
      const answer = await sendRaw(portal.url, { method: route.method, path, body });
      // `/tools/<id>` sends the browser on to the tool's canonical address, and nowhere else.
      const toTool = answer.status === 302 && answer.headers.location === "/tools/consult/";
      // A public route may answer any spelling, but never with a server error.
      if (isPublic ? answer.status >= 500 : !isRefusal(answer, route.method) && !toTool) {
        unexpected.push(`${route.method} ${path} ${answer.status}`);
      }
    }
  }
  expect(unexpected).toEqual([]);
}, 300_000);

// Admin pages and their deep links, which answer only admins: admin-pages.db.test.ts.
it("answers 404 to a page the portal does not have, and 200 to its own pages", async () => {
  const page = (path: string) =>
    fetch(`${portal.url}${path}`, { headers: { accept: "text/html" } });
  for (const path of ["/", "/sign-in", "/invitation/some-token"]) {
    expect(`${path} ${(await page(path)).status}`).toBe(`${path} 200`);
  }
  for (const path of ["/no-such-page", "/admin", "/account/extra", "/index.html"]) {
    const response = await page(path);
    expect(`${path} ${response.status}`).toBe(`${path} 404`);
    // The portal's own app shows "Page not found" in its layout.
    expect(await response.text()).toContain('<div id="root">');
  }
  const api = await fetch(`${portal.url}/api/no-such-thing`);
  expect(api.status).toBe(404);
  expect(api.headers.get("cache-control")).toBe("no-store");
});
