import { afterAll, beforeAll, expect, it } from "vitest";
import { ADMIN, signInHeaders, startTestPortal } from "./portal-server.js";

let portal: Awaited<ReturnType<typeof startTestPortal>>;
let admin: Record<string, string>;
beforeAll(async () => {
  portal = await startTestPortal();
  admin = await signInHeaders(portal.url, ADMIN.email, ADMIN.password);
});
afterAll(() => portal.server.close());

const createGroup = (name: string) =>
  fetch(`${portal.url}/api/admin/groups`, {
    method: "POST",
    headers: { ...admin, "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });

it("finds an existing group by its exact name, ignoring case only: `_` and `%` are literal", async () => {
  expect((await createGroup("Team axb")).status).toBe(201);
  expect((await createGroup("Team a_b")).status).toBe(201);
  expect((await createGroup("50% club")).status).toBe(201);
  expect((await createGroup("50x club")).status).toBe(201);
  const repeat = await createGroup("TEAM A_B");
  expect(repeat.status).toBe(409);
  expect((await repeat.json()).error.message).toBe("There is already a group called Team a_b.");
});
