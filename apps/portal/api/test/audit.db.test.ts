import { afterAll, beforeAll, expect, it } from "vitest";
import { createPortalDatabase } from "../src/services/database.js";
import { ADMIN, signInHeaders, startTestPortal } from "./portal-server.js";

let portal: Awaited<ReturnType<typeof startTestPortal>>;
let admin: Record<string, string>;
beforeAll(async () => {
  portal = await startTestPortal();
  const db = createPortalDatabase(portal.database);
  await db.auditEvent.createMany({
    data: Array.from({ length: 60 }, (_, i) => ({
      action: "tool.opened",
      actorEmail: `person${i}@example.gov.uk`,
      target: "minutes",
      at: new Date(Date.UTC(2026, 0, 1 + (i % 10))),
    })),
  });
  await db.auditEvent.create({
    data: {
      action: "user.invited",
      actorEmail: ADMIN.email,
      target: '=HYPERLINK("http://evil","click")',
    },
  });
  await db.$disconnect();
  admin = await signInHeaders(portal.url, ADMIN.email, ADMIN.password);
});
afterAll(() => portal.server.close());

const search = async (query: string) =>
  (await (await fetch(`${portal.url}/api/admin/audit?${query}`, { headers: admin })).json()) as {
    total: number;
    events: { action: string; actorEmail: string; at: string }[];
  };

it("filters by action and by who, newest first", async () => {
  const signIns = await search("action=sign-in");
  expect(signIns.events.map((event) => event.action)).toEqual(["sign-in.succeeded"]);
  const person = await search("who=PERSON7@");
  expect(person.total).toBe(1);
  expect(person.events[0]).toMatchObject({
    action: "tool.opened",
    actorEmail: "person7@example.gov.uk",
  });
});

it("filters by date, inclusive of both days", async () => {
  const range = await search("action=tool.opened&from=2026-01-02&to=2026-01-03");
  expect(range.total).toBe(12);
  expect(new Set(range.events.map((event) => event.at.slice(0, 10)))).toEqual(
    new Set(["2026-01-02", "2026-01-03"]),
  );
});

it("pages through long results", async () => {
  const first = await search("action=tool.opened");
  const second = await search("action=tool.opened&page=2");
  expect(first.total).toBe(60);
  expect(first.events).toHaveLength(50);
  expect(second.events).toHaveLength(10);
});

it("says what is wrong with a bad date", async () => {
  const response = await fetch(`${portal.url}/api/admin/audit?from=yesterday`, { headers: admin });
  expect(response.status).toBe(400);
  expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
    "Enter the start date as YYYY-MM-DD",
  );
});

it("exports the filtered log as CSV that no spreadsheet will run as a formula, and audits the export", async () => {
  const response = await fetch(`${portal.url}/api/admin/audit.csv?action=user.invited`, {
    headers: admin,
  });
  expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  expect(response.headers.get("content-disposition")).toMatch(
    /^attachment; filename="bernard-audit-\d{4}-\d{2}-\d{2}\.csv"$/,
  );
  const [header, row, end] = (await response.text()).split("\r\n");
  expect(header).toBe("id,time,action,who,about,from,details");
  expect(row).toContain(`"'=HYPERLINK(""http://evil"",""click"")"`);
  expect(end).toBe("");
  const exports = await search("action=audit.exported");
  expect(exports.events[0]).toMatchObject({ actorEmail: ADMIN.email });
});

it("is append-only in the database: the portal's own connection cannot change, delete or empty it", async () => {
  const db = createPortalDatabase(portal.database);
  try {
    const before = await db.auditEvent.count();
    const [first] = await db.auditEvent.findMany({ orderBy: { id: "asc" }, take: 1 });
    const attempts = [
      db.auditEvent.update({ where: { id: first!.id }, data: { actorEmail: "someone.else@x" } }),
      db.auditEvent.updateMany({ data: { action: "nothing.happened" } }),
      db.auditEvent.delete({ where: { id: first!.id } }),
      db.auditEvent.deleteMany({}),
      db.$executeRawUnsafe("TRUNCATE audit_event"),
    ];
    for (const attempt of attempts) await expect(attempt).rejects.toThrow(/append-only/);
    expect(await db.auditEvent.count()).toBe(before);
    expect(await db.auditEvent.findUnique({ where: { id: first!.id } })).toEqual(first);
    // Appending still works.
    await db.auditEvent.create({ data: { action: "sign-out" } });
    expect(await db.auditEvent.count()).toBe(before + 1);
  } finally {
    await db.$disconnect();
  }
});

it("matches `%`, `_` and `\\` in searches literally, not as wildcards", async () => {
  const db = createPortalDatabase(portal.database);
  await db.auditEvent.createMany({
    data: [
      { action: "group.created", actorEmail: "a_b@example.gov.uk", target: "50% off" },
      { action: "group.created", actorEmail: "axb@example.gov.uk", target: "500 off" },
      { action: "group.created", actorEmail: "c\\d@example.gov.uk", target: "cxd" },
    ],
  });
  await db.$disconnect();
  const emails = async (query: string) =>
    (await search(query)).events.map((event) => event.actorEmail).sort();
  expect(await emails("who=a_b")).toEqual(["a_b@example.gov.uk"]);
  expect(await emails(`who=${encodeURIComponent("50%")}`)).toEqual(["a_b@example.gov.uk"]);
  expect(await emails(`who=${encodeURIComponent("c\\d")}`)).toEqual(["c\\d@example.gov.uk"]);
  expect(await emails(`who=${encodeURIComponent("%")}`)).toEqual(["a_b@example.gov.uk"]);
  // "tool_" would match every "tool.opened" if `_` were a wildcard.
  expect((await search("action=tool_")).total).toBe(0);
});
