import { cp, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { withClient } from "../src/connection.js";
import { migrate } from "../src/migrate.js";
import { createTestDatabase } from "../src/testing/index.js";

const fixtures = path.join(import.meta.dirname, "fixtures/migrations");

describe("migrate", () => {
  it("applies every migration to an empty database, into the app's own schema, then nothing twice", async () => {
    const database = { url: (await createTestDatabase()).url, schema: "notes_app" };

    const first = await migrate(database, fixtures);
    expect(first.applied).toEqual(["20260101000000_notes", "20260102000000_note_tags"]);

    const second = await migrate(database, fixtures);
    expect(second).toEqual({ applied: [], alreadyApplied: 2 });

    const tables = await withClient(database.url, async (client) => {
      const result = await client.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'notes_app' ORDER BY 1",
      );
      return result.rows.map((row) => row.table_name);
    });
    expect(tables).toEqual(["_prisma_migrations", "note"]);
  });

  it("refuses a migration that was edited after it was applied", async () => {
    const database = { url: (await createTestDatabase()).url, schema: "edited" };
    const dir = await mkdtemp(path.join(tmpdir(), "migrations-"));
    await cp(fixtures, dir, { recursive: true });
    await migrate(database, dir);
    await writeFile(path.join(dir, "20260101000000_notes/migration.sql"), "SELECT 1;");

    await expect(migrate(database, dir)).rejects.toThrow(/20260101000000_notes .* was changed/);
  });

  it("rolls back a failing migration and names it", async () => {
    const database = { url: (await createTestDatabase()).url, schema: "broken" };
    const dir = await mkdtemp(path.join(tmpdir(), "migrations-"));
    await cp(fixtures, dir, { recursive: true });
    await writeFile(
      path.join(dir, "20260102000000_note_tags/migration.sql"),
      'ALTER TABLE "note" ADD COLUMN "x" INT; ALTER TABLE "missing" ADD COLUMN "y" INT;',
    );

    await expect(migrate(database, dir)).rejects.toThrow(
      /20260102000000_note_tags failed: .*missing/,
    );
    const columns = await withClient(database.url, async (client) => {
      const result = await client.query(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'broken' AND table_name = 'note'",
      );
      return result.rows.map((row: { column_name: string }) => row.column_name).sort();
    });
    expect(columns).toEqual(["body", "id"]);
  });
});
