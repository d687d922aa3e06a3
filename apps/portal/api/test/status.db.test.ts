import { afterAll, beforeAll, expect, it } from "vitest";
import { seed } from "../src/launch.js";
import { ADMIN, signInHeaders, startTestPortal } from "./portal-server.js";

let portal: Awaited<ReturnType<typeof startTestPortal>>;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(() => portal.server.close());

it("says who cannot see it yet", async () => {
  expect((await fetch(`${portal.url}/api/status`)).status).toBe(401);
});

it("reports the installation recorded on first start, and keeps the same one on the next", async () => {
  const headers = await signInHeaders(portal.url, ADMIN.email, ADMIN.password);
  const first = (await (await fetch(`${portal.url}/api/status`, { headers })).json()) as {
    installation: { id: string };
  };
  expect(first).toMatchObject({
    service: "Bernard",
    version: "0.1.0",
    installation: { id: expect.any(String) },
  });

  expect(await seed(portal.database)).toEqual([]);
  const second = (await (await fetch(`${portal.url}/api/status`, { headers })).json()) as {
    installation: { id: string };
  };
  expect(second.installation.id).toBe(first.installation.id);
});

it("is ready when its database is", async () => {
  const response = await fetch(`${portal.url}/ready`);
  expect(await response.json()).toEqual({ status: "ready", checks: { database: "up" } });
});
