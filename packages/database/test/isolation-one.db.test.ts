import { expect, it } from "vitest";
import { withClient } from "../src/connection.js";
import { createTestDatabase } from "../src/testing/index.js";

// Two files run in parallel, each writing to "its" fixture.note table: neither sees the other's row.
it("gives this file its own migrated database", async () => {
  const database = await createTestDatabase();
  const bodies = await withClient(database.url, async (client) => {
    await client.query("INSERT INTO fixture.note (body) VALUES ($1)", ["written by one"]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const result = await client.query<{ body: string }>("SELECT body FROM fixture.note");
    return result.rows.map((row) => row.body);
  });
  expect(bodies).toEqual(["written by one"]);
});
