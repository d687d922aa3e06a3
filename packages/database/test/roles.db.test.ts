import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient, withCredentials, withDatabase } from "../src/connection.js";
import { migrate } from "../src/migrate.js";
import { ensureAppRole, whyRolesCannotBeManaged } from "../src/roles.js";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.js";

// Roles belong to the whole server, which every test file shares: names of this file's own.
const suffix = randomBytes(3).toString("hex");
const alpha = {
  role: `alpha_${suffix}`,
  password: "alpha-password",
  schemas: ["fixture", "fixture_jobs"],
};
const beta = { role: `beta_${suffix}`, password: "beta-password", schemas: ["beta"] };
const fixtures = `${import.meta.dirname}/fixtures/migrations`;

let database: TestDatabase;
const as = (app: { role: string; password: string }) =>
  withCredentials(database.url, app.role, app.password);
/** The SQLSTATE of the error `sql` raises as the role, or "ok". */
const outcome = (url: string, sql: string) =>
  withClient(url, (client) => client.query(sql)).then(
    () => "ok",
    (error: { code?: string }) => error.code,
  );

beforeAll(async () => {
  database = await createTestDatabase();
  // Objects of every kind made before per-app roles existed, owned by the server's user.
  await withClient(database.url, async (client) => {
    await client.query("CREATE TYPE fixture.mood AS ENUM ('calm', 'cross')");
    await client.query(
      "CREATE TABLE fixture.reading (at date NOT NULL, mood fixture.mood) PARTITION BY RANGE (at)",
    );
    await client.query(
      "CREATE TABLE fixture.reading_2026 PARTITION OF fixture.reading FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
    );
    await client.query("INSERT INTO fixture.note (body) VALUES ('kept')");
  });
  await ensureAppRole(database.url, alpha);
  await ensureAppRole(database.url, beta);
});
afterAll(async () => {
  await withClient(database.url, async (client) => {
    for (const { role } of [alpha, beta, { role: `gamma_${suffix}` }]) {
      await client.query(`DROP OWNED BY ${role} CASCADE`).catch(() => {});
      await client.query(`DROP ROLE IF EXISTS ${role}`);
    }
  });
});

describe("an app's own role", () => {
  it("is handed the schemas made before it, with everything in them, and can migrate them", async () => {
    await expect(outcome(as(alpha), "SELECT body FROM fixture.note")).resolves.toBe("ok");
    await expect(
      outcome(as(alpha), "INSERT INTO fixture.note (body) VALUES ('by alpha')"), // its sequence too
    ).resolves.toBe("ok");
    await expect(
      outcome(as(alpha), "INSERT INTO fixture.reading VALUES ('2026-05-01', 'calm')"),
    ).resolves.toBe("ok");
    await expect(
      outcome(as(alpha), "ALTER TABLE fixture.note ADD COLUMN added_by_alpha text"),
    ).resolves.toBe("ok");
    await expect(outcome(as(alpha), "ALTER TYPE fixture.mood ADD VALUE 'glad'")).resolves.toBe(
      "ok",
    );
    await expect(outcome(as(alpha), "CREATE TABLE fixture_jobs.job (id int)")).resolves.toBe("ok");
    const result = await migrate({ url: as(alpha), schema: "fixture" }, fixtures);
    expect(result.applied).toEqual([]);
    // Its own code may still say CREATE SCHEMA IF NOT EXISTS (pg-boss, caches) for its schemas.
    await expect(outcome(as(alpha), "CREATE SCHEMA IF NOT EXISTS fixture_jobs")).resolves.toBe(
      "ok",
    );
  });

  it("cannot read, change or drop another app's tables, nor write to public", async () => {
    const denied = "42501";
    for (const sql of [
      "SELECT body FROM fixture.note",
      "INSERT INTO fixture.note (body) VALUES ('forged')",
      "UPDATE fixture.note SET body = 'changed'",
      "DELETE FROM fixture.note",
      "DROP TABLE fixture.note",
      "SELECT fixture.note_tag_count(NULL)",
      "CREATE TABLE fixture.planted (id int)",
      "CREATE TABLE public.planted (id int)",
    ])
      await expect(outcome(as(beta), sql), sql).resolves.toBe(denied);
    await expect(outcome(as(beta), "CREATE TABLE beta.own (id int)")).resolves.toBe("ok");
    await expect(outcome(as(alpha), "SELECT * FROM beta.own")).resolves.toBe(denied);
  });

  it("keeps the data and can be set up again on every start", async () => {
    await ensureAppRole(database.url, alpha);
    const bodies = await withClient(as(alpha), (client) =>
      client.query("SELECT body FROM fixture.note"),
    );
    expect(bodies.rows).toEqual([{ body: "kept" }, { body: "by alpha" }]);
  });

  it("is not given a schema another app's role made for itself", async () => {
    await withClient(as(beta), (client) => client.query("CREATE SCHEMA gamma"));
    await expect(
      ensureAppRole(database.url, { role: `gamma_${suffix}`, password: "g", schemas: ["gamma"] }),
    ).rejects.toThrow(
      `The schema gamma belongs to the role beta_${suffix}, not to gamma_${suffix}.`,
    );
  });
});

describe("whyRolesCannotBeManaged", () => {
  it("is satisfied by the server's own user, and names what a plain user lacks", async () => {
    await expect(whyRolesCannotBeManaged(database.url)).resolves.toBeUndefined();
    await expect(whyRolesCannotBeManaged(as(alpha))).resolves.toBe(
      `the user alpha_${suffix} may not create roles (CREATEROLE)`,
    );
  });
});

describe("on a server where Bernard's user is not a superuser", () => {
  const owner = { role: `owner_${suffix}`, password: "owner-password" };
  const delta = { role: `delta_${suffix}`, password: "delta-password", schemas: ["delta"] };
  const databaseName = `external_${suffix}`;
  let ownerUrl: string;

  beforeAll(async () => {
    await withClient(database.adminUrl, async (client) => {
      await client.query(`CREATE ROLE ${owner.role} LOGIN CREATEROLE PASSWORD '${owner.password}'`);
      await client.query(`CREATE DATABASE ${databaseName} OWNER ${owner.role}`);
    });
    ownerUrl = withCredentials(
      withDatabase(database.adminUrl, databaseName),
      owner.role,
      owner.password,
    );
    // The app ran before, as the owner.
    await withClient(ownerUrl, async (client) => {
      await client.query("CREATE SCHEMA delta");
      await client.query("CREATE TABLE delta.item (id serial PRIMARY KEY, name text)");
      await client.query("INSERT INTO delta.item (name) VALUES ('kept')");
    });
  });
  afterAll(async () => {
    await withClient(database.adminUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
      await client.query(`DROP ROLE IF EXISTS ${delta.role}`);
      await client.query(`DROP ROLE IF EXISTS ${owner.role}`);
    });
  });

  it("makes the app's role with CREATEROLE and hands the owner's schema over", async () => {
    await expect(whyRolesCannotBeManaged(ownerUrl)).resolves.toBeUndefined();
    await ensureAppRole(ownerUrl, delta);
    const deltaUrl = withCredentials(ownerUrl, delta.role, delta.password);
    const rows = await withClient(deltaUrl, async (client) => {
      await client.query("INSERT INTO delta.item (name) VALUES ('new')");
      return (await client.query("SELECT name FROM delta.item ORDER BY id")).rows;
    });
    expect(rows).toEqual([{ name: "kept" }, { name: "new" }]);
  });
});
