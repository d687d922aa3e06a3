import { randomBytes } from "node:crypto";
import {
  ensureAppRole,
  migrate,
  sealTables,
  unsealTables,
  withClient,
  withCredentials,
} from "@bernard/database";
import { createTestDatabase } from "@bernard/database/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { appendOnlyTables, migrationsDir, otherSchemas } from "../src/launch.js";
import { createPortalDatabase } from "../src/services/database.js";

// The portal set up as the launcher does it: a role of its own, migrated, its audit log sealed.
const role = { role: `portal_audit_${randomBytes(3).toString("hex")}`, password: "audit-test" };
const sealed = { role: role.role, schema: "portal", tables: appendOnlyTables };
let adminUrl: string;
let portalUrl: string;

beforeAll(async () => {
  adminUrl = (await createTestDatabase()).url;
  await ensureAppRole(adminUrl, { ...role, schemas: ["portal", "portal_jobs", ...otherSchemas] });
  portalUrl = withCredentials(adminUrl, role.role, role.password);
  await unsealTables(adminUrl, sealed);
  await migrate({ url: portalUrl, schema: "portal" }, migrationsDir);
  await sealTables(adminUrl, sealed);
  const db = createPortalDatabase({ url: portalUrl, schema: "portal" });
  await db.auditEvent.create({ data: { action: "sign-in.succeeded", actorEmail: "a@x.gov.uk" } });
  await db.$disconnect();
});
afterAll(async () => {
  await withClient(adminUrl, async (client) => {
    await client.query(`DROP OWNED BY ${role.role} CASCADE`);
    await client.query(`DROP ROLE ${role.role}`);
  });
});

/** The SQLSTATE of the error `sql` raises on the portal's own connection, or "ok". */
const asPortal = (sql: string) =>
  withClient(portalUrl, async (client) => {
    await client.query("SET search_path TO portal");
    await client.query(sql);
  }).then(
    () => "ok",
    (error: { code?: string }) => error.code,
  );

it("refuses the portal's own role every change to the audit log, and any way round the refusal", async () => {
  const INSUFFICIENT_PRIVILEGE = "42501";
  const attempts = [
    "UPDATE audit_event SET actor_email = 'someone.else@x.gov.uk'",
    "DELETE FROM audit_event",
    "TRUNCATE audit_event",
    "ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only",
    "DROP TRIGGER audit_event_append_only ON audit_event",
    `CREATE OR REPLACE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql
       AS $$ BEGIN RETURN OLD; END $$`,
    "CREATE TRIGGER sneaky BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()",
  ];
  // Not refused: DROP TABLE, which PostgreSQL allows a schema's owner (docs/security.md).
  for (const sql of attempts) {
    // "must be owner" is 42501 too: the role owns neither the table nor its trigger function.
    expect({ sql, outcome: await asPortal(sql) }).toEqual({ sql, outcome: INSUFFICIENT_PRIVILEGE });
  }
  await expect(
    withClient(adminUrl, async (client) => {
      const { rows } = await client.query<{ actor_email: string }>(
        "SELECT actor_email FROM portal.audit_event",
      );
      return rows.map((row) => row.actor_email);
    }),
  ).resolves.toEqual(["a@x.gov.uk"]);
});

it("still lets the portal read the log and add to it", async () => {
  const db = createPortalDatabase({ url: portalUrl, schema: "portal" });
  try {
    await db.auditEvent.create({ data: { action: "sign-out", actorEmail: "a@x.gov.uk" } });
    expect(await db.auditEvent.count()).toBe(2);
  } finally {
    await db.$disconnect();
  }
});

it("lends the table back for migrations and seals it again, on every start", async () => {
  await unsealTables(adminUrl, sealed);
  await expect(asPortal("COMMENT ON TABLE audit_event IS 'What happened, by whom'")).resolves.toBe(
    "ok",
  );
  await sealTables(adminUrl, sealed);
  await sealTables(adminUrl, sealed); // twice, as a second launcher would
  await expect(asPortal("DELETE FROM audit_event")).resolves.toBe("42501");
  await expect(asPortal("COMMENT ON TABLE audit_event IS NULL")).resolves.toBe("42501");
});
