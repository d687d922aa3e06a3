import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPortalDatabase } from "../src/services/database.js";
import { createUser } from "../src/services/users.js";
import { ADMIN, signInHeaders, startPortalWithTool } from "./portal-server.js";

/** An outsider is an active user outside the groups the test tool is open to. */
type Who = "anonymous" | "user" | "admin" | "deactivated" | "outsider";
const PASSWORD = "quiet harbour lantern";

/** Every portal route, and the status each kind of caller must get. Add a row with every new route. */
const MATRIX: { method: string; path: string; body?: unknown; expect: Record<Who, number> }[] = [
  {
    method: "GET",
    path: "/health",
    expect: { anonymous: 200, user: 200, admin: 200, deactivated: 200, outsider: 200 },
  },
  {
    method: "GET",
    path: "/ready",
    expect: { anonymous: 200, user: 200, admin: 200, deactivated: 200, outsider: 200 },
  },
  {
    method: "GET",
    path: "/.well-known/jwks.json",
    expect: { anonymous: 200, user: 200, admin: 200, deactivated: 200, outsider: 200 },
  },
  {
    method: "GET",
    path: "/api/status",
    expect: { anonymous: 401, user: 200, admin: 200, deactivated: 401, outsider: 200 },
  },
  {
    method: "GET",
    path: "/api/session",
    expect: { anonymous: 401, user: 200, admin: 200, deactivated: 401, outsider: 200 },
  },
  {
    method: "DELETE",
    path: "/api/session",
    expect: { anonymous: 401, user: 204, admin: 204, deactivated: 401, outsider: 204 },
  },
  {
    method: "POST",
    path: "/api/session/sign-out-everywhere",
    expect: { anonymous: 401, user: 204, admin: 204, deactivated: 401, outsider: 204 },
  },
  {
    method: "GET",
    path: "/api/admin/users",
    expect: { anonymous: 401, user: 403, admin: 200, deactivated: 401, outsider: 403 },
  },
  {
    method: "POST",
    path: "/api/admin/users/invitations",
    body: { email: "matrix@example.gov.uk", name: "Matrix" },
    expect: { anonymous: 401, user: 403, admin: 201, deactivated: 401, outsider: 403 },
  },
  {
    method: "PATCH",
    path: "/api/admin/users/00000000-0000-4000-8000-000000000000",
    body: { role: "admin" },
    expect: { anonymous: 401, user: 403, admin: 404, deactivated: 401, outsider: 403 },
  },
  {
    method: "POST",
    path: "/api/session/password",
    body: {},
    expect: { anonymous: 401, user: 400, admin: 400, deactivated: 401, outsider: 400 },
  },
  {
    method: "POST",
    path: "/api/admin/users/00000000-0000-4000-8000-000000000000/password-reset",
    expect: { anonymous: 401, user: 403, admin: 404, deactivated: 401, outsider: 403 },
  },
  {
    method: "GET",
    path: "/api/admin/groups",
    expect: { anonymous: 401, user: 403, admin: 200, deactivated: 401, outsider: 403 },
  },
  {
    method: "POST",
    path: "/api/admin/groups",
    body: { name: "Matrix group" },
    expect: { anonymous: 401, user: 403, admin: 201, deactivated: 401, outsider: 403 },
  },
  {
    method: "PUT",
    path: "/api/admin/users/00000000-0000-4000-8000-000000000000/groups",
    body: { groupIds: [] },
    expect: { anonymous: 401, user: 403, admin: 404, deactivated: 401, outsider: 403 },
  },
  {
    method: "GET",
    path: "/api/admin/audit",
    expect: { anonymous: 401, user: 403, admin: 200, deactivated: 401, outsider: 403 },
  },
  {
    method: "GET",
    path: "/api/admin/audit.csv",
    expect: { anonymous: 401, user: 403, admin: 200, deactivated: 401, outsider: 403 },
  },
  {
    method: "GET",
    path: "/api/sign-in/methods",
    expect: { anonymous: 200, user: 200, admin: 200, deactivated: 200, outsider: 200 },
  },
  {
    // Single sign-on is not configured here: everyone is sent back to the sign-in page.
    method: "GET",
    path: "/api/oidc/start",
    expect: { anonymous: 302, user: 302, admin: 302, deactivated: 302, outsider: 302 },
  },
  {
    method: "GET",
    path: "/api/oidc/callback?code=x&state=y",
    expect: { anonymous: 302, user: 302, admin: 302, deactivated: 302, outsider: 302 },
  },
  {
    method: "GET",
    path: "/api/admin/llm",
    expect: { anonymous: 401, user: 403, admin: 200, deactivated: 401, outsider: 403 },
  },
  {
    method: "PUT",
    path: "/api/admin/llm",
    body: { userDailyTokens: 500000 },
    expect: { anonymous: 401, user: 403, admin: 204, deactivated: 401, outsider: 403 },
  },
  {
    method: "GET",
    path: "/api/admin/llm/usage",
    expect: { anonymous: 401, user: 403, admin: 200, deactivated: 401, outsider: 403 },
  },
  {
    method: "GET",
    path: "/api/admin/llm/usage.csv",
    expect: { anonymous: 401, user: 403, admin: 200, deactivated: 401, outsider: 403 },
  },
  {
    // The LLM gateway takes tools' bearer tokens, never a browser session.
    method: "POST",
    path: "/api/llm/v1/chat/completions",
    body: { messages: [{ role: "user", content: "hi" }] },
    expect: { anonymous: 401, user: 401, admin: 401, deactivated: 401, outsider: 401 },
  },
  {
    method: "POST",
    path: "/api/llm/job-tokens",
    expect: { anonymous: 401, user: 401, admin: 401, deactivated: 401, outsider: 401 },
  },
  {
    method: "GET",
    path: "/api/tools",
    expect: { anonymous: 401, user: 200, admin: 200, deactivated: 401, outsider: 200 },
  },
  {
    method: "GET",
    path: "/api/admin/tools",
    expect: { anonymous: 401, user: 403, admin: 200, deactivated: 401, outsider: 403 },
  },
  {
    method: "GET",
    path: "/api/admin/tools/notes",
    expect: { anonymous: 401, user: 403, admin: 200, deactivated: 401, outsider: 403 },
  },
  {
    method: "PUT",
    path: "/api/admin/tools/nowhere",
    body: { enabled: true, openToEveryone: true },
    expect: { anonymous: 401, user: 403, admin: 404, deactivated: 401, outsider: 403 },
  },
  {
    method: "GET",
    path: "/tools/notes/api/whoami",
    expect: { anonymous: 401, user: 200, admin: 200, deactivated: 401, outsider: 403 },
  },
  {
    method: "POST",
    path: "/tools/notes/api/echo",
    body: { text: "hello" },
    expect: { anonymous: 401, user: 200, admin: 200, deactivated: 401, outsider: 403 },
  },
  {
    method: "GET",
    path: "/tools/nowhere/api/anything",
    expect: { anonymous: 404, user: 404, admin: 404, deactivated: 404, outsider: 404 },
  },
  {
    method: "GET",
    path: "/api/invitations/not-a-real-invitation-token-at-all",
    expect: { anonymous: 404, user: 404, admin: 404, deactivated: 404, outsider: 404 },
  },
];

let tool: Awaited<ReturnType<typeof startPortalWithTool>>["tool"];
let portal: Awaited<ReturnType<typeof startPortalWithTool>>["portal"];
beforeAll(async () => {
  ({ tool, portal } = await startPortalWithTool("notes"));
  const db = createPortalDatabase(portal.database);
  await createUser(db, {
    email: "user@example.gov.uk",
    name: "User",
    role: "user",
    password: PASSWORD,
  });
  await createUser(db, {
    email: "leaver@example.gov.uk",
    name: "Leaver",
    role: "user",
    password: PASSWORD,
  });
  await createUser(db, {
    email: "outsider@example.gov.uk",
    name: "Outsider",
    role: "user",
    password: PASSWORD,
  });
  // The tool is open to one team; everyone but the outsider belongs to it.
  const team = await db.group.create({ data: { name: "Team" } });
  await db.tool.update({
    where: { id: "notes" },
    data: { openToEveryone: false, groups: { create: { groupId: team.id } } },
  });
  const members = await db.user.findMany({ where: { email: { not: "outsider@example.gov.uk" } } });
  await db.userGroup.createMany({
    data: members.map((member) => ({ userId: member.id, groupId: team.id })),
  });
  await db.$disconnect();
});
afterAll(async () => {
  await portal.server.close();
  await tool.server.close();
});

/** Headers for a fresh session of the given kind of caller (deactivated: signed in, then deactivated). */
async function headersFor(who: Who): Promise<Record<string, string>> {
  if (who === "anonymous") return {};
  const [email, password] =
    who === "admin"
      ? [ADMIN.email, ADMIN.password]
      : [
          `${{ user: "user", deactivated: "leaver", outsider: "outsider" }[who]}@example.gov.uk`,
          PASSWORD,
        ];
  const db = createPortalDatabase(portal.database);
  await db.user.update({ where: { email }, data: { active: true } });
  const headers = await signInHeaders(portal.url, email, password);
  if (who === "deactivated") await db.user.update({ where: { email }, data: { active: false } });
  await db.$disconnect();
  return headers;
}

describe("authorisation matrix", () => {
  for (const route of MATRIX) {
    for (const who of Object.keys(route.expect) as Who[]) {
      it(`${route.method} ${route.path} as ${who} → ${route.expect[who]}`, async () => {
        const body = route.body === undefined ? {} : { body: JSON.stringify(route.body) };
        const headers = {
          ...(await headersFor(who)),
          ...(route.body === undefined ? {} : { "content-type": "application/json" }),
        };
        const response = await fetch(`${portal.url}${route.path}`, {
          method: route.method,
          headers,
          redirect: "manual",
          ...body,
        });
        expect(response.status).toBe(route.expect[who]);
      });
    }
  }
});
