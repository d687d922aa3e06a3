import { withClient } from "@bernard/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCESS_LISTENER_NAME } from "../src/services/access-cache.js";
import { createPortalDatabase, type PortalDatabase } from "../src/services/database.js";
import { createUser } from "../src/services/users.js";
import { ADMIN, signInHeaders, startPortalWithTool, startTestPortal } from "./portal-server.js";

// Two portal processes' servers on one database, as behind a load balancer: each caches sessions
// and tool access, and a change made through one must be refused by the other within a second.
const WITHIN_A_SECOND = { timeout: 1_000, interval: 20 };
const PASSWORD = "copper lantern orchard";

let tool: Awaited<ReturnType<typeof startPortalWithTool>>["tool"];
let first: Awaited<ReturnType<typeof startPortalWithTool>>["portal"];
let second: Awaited<ReturnType<typeof startTestPortal>>;
let db: PortalDatabase;
let admin: Record<string, string>;

beforeAll(async () => {
  ({ tool, portal: first } = await startPortalWithTool("notes"));
  second = await startTestPortal({
    database: first.database,
    tools: [{ id: "notes", url: tool.url }],
  });
  db = createPortalDatabase(first.database);
  admin = await signInHeaders(first.url, ADMIN.email, ADMIN.password);
});
afterAll(async () => {
  await db.$disconnect();
  await second.server.close();
  await first.server.close();
  await tool.server.close();
});

let people = 0;
/** A new person, signed in (on the first portal), whose session both portals have cached. */
async function cachedPerson() {
  people += 1;
  const email = `person${people}@example.gov.uk`;
  const user = await createUser(db, {
    email,
    name: `Person ${people}`,
    role: "user",
    password: PASSWORD,
  });
  const headers = await signInHeaders(first.url, email, PASSWORD);
  for (const portal of [first, second]) {
    expect((await whoami(portal.url, headers)).status).toBe(200);
    expect((await whoami(portal.url, headers)).status).toBe(200);
  }
  return { id: user.id, headers };
}

const whoami = (url: string, headers: Record<string, string>) =>
  fetch(`${url}/tools/notes/api/whoami`, { headers });
const statusOf = async (response: Promise<Response>) => (await response).status;

describe("sessions and tool access cached in several portal processes", () => {
  it("refuses a session signed out on one portal on the other within a second", async () => {
    const { headers } = await cachedPerson();
    const signOut = await fetch(`${first.url}/api/session`, { method: "DELETE", headers });
    expect(signOut.status).toBe(204);
    await expect.poll(() => statusOf(whoami(second.url, headers)), WITHIN_A_SECOND).toBe(401);
    expect(await statusOf(fetch(`${second.url}/api/session`, { headers }))).toBe(401);
  });

  it("refuses every session of someone who signed out everywhere", async () => {
    const { headers } = await cachedPerson();
    const response = await fetch(`${second.url}/api/session/sign-out-everywhere`, {
      method: "POST",
      headers,
    });
    expect(response.status).toBe(204);
    await expect.poll(() => statusOf(whoami(first.url, headers)), WITHIN_A_SECOND).toBe(401);
  });

  it("refuses a person deactivated on one portal on the other within a second", async () => {
    const { id, headers } = await cachedPerson();
    const response = await fetch(`${first.url}/api/admin/users/${id}`, {
      method: "PATCH",
      headers: { ...admin, "content-type": "application/json" },
      body: JSON.stringify({ active: false }),
    });
    expect(response.status).toBe(200);
    await expect.poll(() => statusOf(whoami(second.url, headers)), WITHIN_A_SECOND).toBe(401);
  });

  it("refuses a tool switched off, or closed to someone's groups, on the other portal within a second", async () => {
    const { headers } = await cachedPerson();
    const setAccess = async (settings: object) => {
      const response = await fetch(`${first.url}/api/admin/tools/notes`, {
        method: "PUT",
        headers: { ...admin, "content-type": "application/json" },
        body: JSON.stringify({ groupIds: [], ...settings }),
      });
      expect(response.status).toBe(200);
    };
    try {
      await setAccess({ enabled: false, openToEveryone: true });
      await expect.poll(() => statusOf(whoami(second.url, headers)), WITHIN_A_SECOND).toBe(403);

      await setAccess({ enabled: true, openToEveryone: true });
      await expect.poll(() => statusOf(whoami(second.url, headers)), WITHIN_A_SECOND).toBe(200);
      const group = await db.group.create({ data: { name: "Finance" } });
      await setAccess({ enabled: true, openToEveryone: false, groupIds: [group.id] });
      await expect.poll(() => statusOf(whoami(second.url, headers)), WITHIN_A_SECOND).toBe(403);
    } finally {
      await setAccess({ enabled: true, openToEveryone: true });
    }
  });

  it("sees changes made straight in the database, by any code path", async () => {
    const { id, headers } = await cachedPerson();
    await db.session.deleteMany({ where: { userId: id } });
    for (const portal of [first, second]) {
      await expect.poll(() => statusOf(whoami(portal.url, headers)), WITHIN_A_SECOND).toBe(401);
    }
  });

  it("reads uncached while it cannot hear changes, and listens again by itself", async () => {
    const { id, headers } = await cachedPerson();
    const listeners = () =>
      withClient(first.database.url, async (client) => {
        const result = await client.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()",
          [ACCESS_LISTENER_NAME],
        );
        return result.rows.map((row) => row.pid);
      });
    const before = await listeners();
    expect(before).toHaveLength(2);
    // Cut both portals off from the announcements, then end the session: nobody hears it.
    await withClient(first.database.url, (client) =>
      client.query("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", [before]),
    );
    await db.session.deleteMany({ where: { userId: id } });
    for (const portal of [first, second]) {
      await expect.poll(() => statusOf(whoami(portal.url, headers)), WITHIN_A_SECOND).toBe(401);
    }
    await expect
      .poll(async () => (await listeners()).filter((pid) => !before.includes(pid)).length, {
        timeout: 15_000,
      })
      .toBe(2);
  });
});
