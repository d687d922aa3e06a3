import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPortalDatabase, type PortalDatabase } from "../src/services/database.js";
import { ToolRegistry } from "../src/services/tool-registry.js";
import { createUser } from "../src/services/users.js";
import { ADMIN, signInHeaders, startPortalWithTool } from "./portal-server.js";

const PASSWORD = "quiet harbour lantern";
let tool: Awaited<ReturnType<typeof startPortalWithTool>>["tool"];
let portal: Awaited<ReturnType<typeof startPortalWithTool>>["portal"];
let db: PortalDatabase;
let admin: Record<string, string>;
let user: Record<string, string>;

beforeAll(async () => {
  // Nothing listens on port 9 (discard); the registry must report that tool unreachable.
  ({ tool, portal } = await startPortalWithTool("notes", [
    { id: "offline", url: "http://127.0.0.1:9" },
  ]));
  db = createPortalDatabase(portal.database);
  await createUser(db, {
    email: "user@example.gov.uk",
    name: "Una User",
    role: "user",
    password: PASSWORD,
  });
  admin = await signInHeaders(portal.url, ADMIN.email, ADMIN.password);
  user = await signInHeaders(portal.url, "user@example.gov.uk", PASSWORD);
});
afterAll(async () => {
  await db.$disconnect();
  await portal.server.close();
  await tool.server.close();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${portal.url}${path}`, { headers, redirect: "manual" });

async function setAccess(settings: {
  enabled: boolean;
  openToEveryone: boolean;
  groupIds?: string[];
}) {
  const response = await fetch(`${portal.url}/api/admin/tools/notes`, {
    method: "PUT",
    headers: { ...admin, "content-type": "application/json" },
    body: JSON.stringify({ groupIds: [], ...settings }),
  });
  expect(response.status).toBe(200);
  return response.json() as Promise<{ enabled: boolean; groups: { name: string }[] }>;
}

describe("tool registry", () => {
  it("shows admins every configured tool with its status and version", async () => {
    const tools = (await (await get("/api/admin/tools", admin)).json()) as {
      id: string;
      name: string;
      version: string | null;
      enabled: boolean;
      status: { state: string };
    }[];
    expect(tools).toEqual([
      expect.objectContaining({
        id: "notes",
        name: "Notes (test tool)",
        version: "2.3.4",
        enabled: true,
        status: { state: "healthy" },
      }),
      expect.objectContaining({
        id: "offline",
        status: expect.objectContaining({ state: "unreachable" }),
      }),
    ]);
  });

  it("switches on the tools present at installation, and starts tools added later switched off", async () => {
    const later = new ToolRegistry(db, [{ id: "added-later", url: "http://127.0.0.1:9" }]);
    await later.register();
    expect((await db.tool.findUniqueOrThrow({ where: { id: "added-later" } })).enabled).toBe(false);
    expect((await db.tool.findUniqueOrThrow({ where: { id: "notes" } })).enabled).toBe(true);
  });

  it("lists in the catalogue only the tools a person may open", async () => {
    const catalogue = await (await get("/api/tools", user)).json();
    expect(catalogue).toEqual([
      {
        id: "notes",
        name: "Notes (test tool)",
        description: "A tool that only exists in the portal's tests.",
        href: "/tools/notes/",
      },
      expect.objectContaining({ id: "offline" }),
    ]);
  });
});

describe("gateway", () => {
  it("forwards a signed user token, and never the cookie or identity headers a client forged", async () => {
    const response = await get("/tools/notes/api/whoami", {
      ...user,
      authorization: "Bearer forged.token.value",
      "x-bernard-user": "admin@example.gov.uk",
      "x-forwarded-user": "admin@example.gov.uk",
      "x-remote-user": "admin",
      "remote-user": "admin",
    });
    expect(response.status).toBe(200);
    const { user: claims, headers } = (await response.json()) as {
      user: Record<string, unknown>;
      headers: Record<string, string>;
    };
    expect(claims).toMatchObject({
      email: "user@example.gov.uk",
      name: "Una User",
      roles: ["user"],
    });
    expect(headers.authorization).toMatch(/^Bearer ey/);
    for (const forged of [
      "cookie",
      "x-bernard-user",
      "x-forwarded-user",
      "x-remote-user",
      "remote-user",
      "x-csrf-token",
    ]) {
      expect(headers[forged]).toBeUndefined();
    }
  });

  it("passes request bodies through, and refuses a state change without the CSRF token before the tool sees it", async () => {
    const echo = await fetch(`${portal.url}/tools/notes/api/echo`, {
      method: "POST",
      headers: { ...user, "content-type": "application/json" },
      body: JSON.stringify({ text: "hello through the gateway" }),
    });
    expect(echo.status).toBe(200);
    expect(await echo.json()).toEqual({ text: "hello through the gateway" });

    const forged = await fetch(`${portal.url}/tools/notes/api/echo`, {
      method: "POST",
      headers: { cookie: user.cookie!, "content-type": "application/json" },
      body: JSON.stringify({ text: "cross-site" }),
    });
    expect(forged.status).toBe(403);
    expect((await forged.json()).error.code).toBe("CSRF_TOKEN_INVALID");
  });

  it("streams events as the tool sends them", async () => {
    const response = await get("/tools/notes/api/stream", user);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain("data: 1");
    expect(first).not.toContain("data: 3");
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      rest += new TextDecoder().decode(chunk.value);
    }
    expect(rest).toContain("data: 3");
  });

  it("does not let a tool set cookies on the portal's origin", async () => {
    const response = await get("/tools/notes/api/cookie", user);
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("sends people who are not signed in to sign in, and answers API calls 401", async () => {
    const page = await get("/tools/notes/", { accept: "text/html" });
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe("/sign-in?next=%2Ftools%2Fnotes%2F");
    expect((await get("/tools/notes/api/whoami")).status).toBe(401);
  });

  it("audits opening a tool once per session, not every page load or request", async () => {
    const session = await signInHeaders(portal.url, "user@example.gov.uk", PASSWORD);
    const opened = () =>
      db.auditEvent.findMany({
        where: { action: "tool.opened", target: "notes", actorEmail: "user@example.gov.uk" },
        orderBy: { id: "desc" },
      });
    const before = (await opened()).length;
    const page = await get("/tools/notes/", { ...session, accept: "text/html" });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<h1>Notes (test tool)</h1>");
    await Promise.all(
      ["/tools/notes/", "/tools/notes/other-page", "/tools/notes/", "/tools/notes/api/whoami"].map(
        (path) => get(path, { ...session, accept: "text/html" }),
      ),
    );
    expect((await opened()).length).toBe(before + 1);
    expect((await opened())[0]).toMatchObject({
      actorEmail: "user@example.gov.uk",
      target: "notes",
    });

    // A new session opening the tool is a new entry.
    const later = await signInHeaders(portal.url, "user@example.gov.uk", PASSWORD);
    await get("/tools/notes/", { ...later, accept: "text/html" });
    expect((await opened()).length).toBe(before + 2);
  });

  it("answers 404 for a tool it does not know", async () => {
    expect((await get("/tools/nowhere/api/x", user)).status).toBe(404);
    expect((await get("/tools/nowhere/", { ...user, accept: "text/html" })).status).toBe(404);
  });

  it("answers 502 with a clear message when the tool is down", async () => {
    const response = await get("/tools/offline/api/anything", user);
    expect(response.status).toBe(502);
    expect((await response.json()).error.message).toContain("This tool is not answering");
  });
});

describe("admins deciding who may use a tool", () => {
  it("removes a disabled tool from the catalogue at once, and its routes answer 403", async () => {
    expect((await setAccess({ enabled: false, openToEveryone: true })).enabled).toBe(false);
    const catalogue = (await (await get("/api/tools", user)).json()) as { id: string }[];
    expect(catalogue.map((entry) => entry.id)).not.toContain("notes");

    const api = await get("/tools/notes/api/whoami", user);
    expect(api.status).toBe(403);
    expect((await api.json()).error.message).toContain("switched off");
    const page = await get("/tools/notes/", { ...user, accept: "text/html" });
    expect(page.status).toBe(403);
    expect(page.headers.get("content-type")).toContain("text/html");

    await setAccess({ enabled: true, openToEveryone: true });
    expect((await get("/tools/notes/api/whoami", user)).status).toBe(200);
    const audited = await db.auditEvent.findMany({
      where: { target: "notes", action: { in: ["tool.enabled", "tool.disabled"] } },
      orderBy: { id: "asc" },
    });
    expect(audited.map((event) => [event.action, event.actorEmail])).toEqual([
      ["tool.disabled", ADMIN.email],
      ["tool.enabled", ADMIN.email],
    ]);
  });

  it("opens a tool to chosen groups only", async () => {
    const created = await fetch(`${portal.url}/api/admin/groups`, {
      method: "POST",
      headers: { ...admin, "content-type": "application/json" },
      body: JSON.stringify({ name: "Consultations team" }),
    });
    const group = (await created.json()) as { id: string };
    const changed = await setAccess({ enabled: true, openToEveryone: false, groupIds: [group.id] });
    expect(changed.groups.map((entry) => entry.name)).toEqual(["Consultations team"]);
    expect((await get("/tools/notes/api/whoami", user)).status).toBe(403);

    const member = await db.user.findUniqueOrThrow({ where: { email: "user@example.gov.uk" } });
    // A change made straight in the database reaches the portal's access cache within a second.
    await db.userGroup.create({ data: { userId: member.id, groupId: group.id } });
    await expect
      .poll(async () => (await get("/tools/notes/api/whoami", user)).status, {
        timeout: 1_000,
        interval: 20,
      })
      .toBe(200);
    const response = await get("/tools/notes/api/whoami", user);
    expect((await response.json()).user.groups).toEqual(["Consultations team"]);

    const accessChange = await db.auditEvent.findFirstOrThrow({
      where: { action: "tool.access_changed", target: "notes" },
    });
    expect(accessChange.details).toEqual({ from: "everyone", to: "Consultations team" });
    await setAccess({ enabled: true, openToEveryone: true });
  });

  it("refuses to restrict a tool to no groups at all, with a message saying what to do", async () => {
    const response = await fetch(`${portal.url}/api/admin/tools/notes`, {
      method: "PUT",
      headers: { ...admin, "content-type": "application/json" },
      body: JSON.stringify({ enabled: true, openToEveryone: false, groupIds: [] }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.details).toEqual([
      { field: "groupIds", message: "Select at least one group, or open the tool to everyone" },
    ]);
  });
});

describe("tools called directly, around the gateway", () => {
  it("answer 401 to a request with forged identity headers and no token", async () => {
    const response = await fetch(`${tool.url}/tools/notes/api/whoami`, {
      headers: { "x-bernard-user": "admin@example.gov.uk", cookie: user.cookie! },
    });
    expect(response.status).toBe(401);
  });
});

describe("closing the portal", () => {
  it("closes its kept-alive connections to tools, rather than leaving them to time out", async () => {
    const own = await startPortalWithTool("notes");
    try {
      const proxied = new Set<Socket>();
      own.tool.server.server.on("request", (request: IncomingMessage) => {
        if (request.url?.endsWith("/whoami")) proxied.add(request.socket);
      });
      const headers = await signInHeaders(own.portal.url, ADMIN.email, ADMIN.password);
      const response = await fetch(`${own.portal.url}/tools/notes/api/whoami`, { headers });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      const open = () => [...proxied].filter((socket) => !socket.closed).length;
      expect(open()).toBe(1);
      await own.portal.server.close();
      const deadline = Date.now() + 5_000;
      while (open() > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(open()).toBe(0);
    } finally {
      await own.portal.server.close();
      await own.tool.server.close();
    }
  });
});
