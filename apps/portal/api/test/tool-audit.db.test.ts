import { createPortalAudit } from "@bernard/toolkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPortalDatabase, type PortalDatabase } from "../src/services/database.js";
import { ADMIN, startTestPortal } from "./portal-server.js";

let portal: Awaited<ReturnType<typeof startTestPortal>>;
let db: PortalDatabase;
let userToken: string;
beforeAll(async () => {
  // The tool need not be running: the portal only needs to know it and that it is switched on.
  portal = await startTestPortal({ tools: [{ id: "notes", url: "http://127.0.0.1:9" }] });
  db = createPortalDatabase(portal.database);
  const admin = await db.user.findUniqueOrThrow({ where: { email: ADMIN.email } });
  userToken = await portal.server.userTokens.issue(
    { sub: admin.id, name: admin.name, email: admin.email, roles: ["admin"], groups: [] },
    "notes",
  );
});
afterAll(async () => {
  await db?.$disconnect();
  await portal?.server.close();
});

const exports = () =>
  db.auditEvent.findMany({ where: { action: "export" }, orderBy: { id: "asc" } });

it("records a tool's export in the audit log with the person and the tool from the user token", async () => {
  await createPortalAudit(portal.url).recordExport(userToken, {
    what: 'notes "Budget" (csv)',
    file: "Budget.csv",
  });
  const [entry] = await exports();
  expect(entry).toMatchObject({
    action: "export",
    actorEmail: ADMIN.email,
    target: "notes",
    details: { what: 'notes "Budget" (csv)', file: "Budget.csv" },
  });
});

it("refuses callers without a user token for a known tool, and the client says the download cannot be made", async () => {
  const before = (await exports()).length;
  const jobToken = (await (
    await fetch(`${portal.url}/api/llm/job-tokens`, {
      method: "POST",
      headers: { authorization: `Bearer ${userToken}` },
    })
  ).json()) as { token: string };
  expect(jobToken.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  const otherTool = await portal.server.userTokens.issue(
    { sub: "00000000-0000-4000-8000-000000000000", name: "x", email: "x@x", roles: [], groups: [] },
    "elsewhere",
  );
  for (const token of ["", "not-a-token", jobToken.token, otherTool]) {
    const response = await fetch(`${portal.url}/api/audit/exports`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ what: "x", file: "x.csv" }),
    });
    expect(response.status).toBe(401);
  }
  await expect(
    createPortalAudit(portal.url).recordExport("not-a-token", { what: "x", file: "x.csv" }),
  ).rejects.toMatchObject({ statusCode: 503, code: "AUDIT_UNAVAILABLE" });
  await expect(
    createPortalAudit("http://127.0.0.1:9").recordExport(userToken, { what: "x", file: "x.csv" }),
  ).rejects.toMatchObject({ statusCode: 503, message: expect.stringContaining("did not answer") });
  expect((await exports()).length).toBe(before);
});
