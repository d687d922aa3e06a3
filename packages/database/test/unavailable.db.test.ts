import { expect, it } from "vitest";
import { createPool, createPrismaAdapter, withClient } from "../src/connection.js";
import { findFreePort } from "../src/free-port.js";
import { createTestDatabase } from "../src/testing/index.js";
import { isDatabaseUnavailable } from "../src/unavailable.js";

const database = { url: (await createTestDatabase()).url, schema: "fixture" };

/** The error a promise rejects with, as a real driver produced it. */
const failure = (attempt: Promise<unknown>) =>
  attempt.then(
    () => undefined,
    (error: unknown) => error,
  );

it("recognises a server that refuses connections", async () => {
  const closed = new URL(database.url);
  closed.port = String(await findFreePort());
  const pool = createPool({ url: closed.toString(), schema: "fixture" });
  expect(isDatabaseUnavailable(await failure(pool.query("SELECT 1")))).toBe(true);
  await pool.end();
});

it("recognises a connection the server shut down, and the pool replaces it", async () => {
  const pool = createPool(database, { max: 1 });
  const client = await pool.connect();
  const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  await withClient(database.url, (admin) =>
    admin.query("SELECT pg_terminate_backend($1)", [rows[0]!.pid]),
  );
  // The dropped connection's `error` event must not crash the process; its next query fails.
  const error = await failure(client.query("SELECT 1"));
  expect(isDatabaseUnavailable(error)).toBe(true);
  client.release(error as Error);
  expect((await pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  await pool.end();
});

it("recognises a statement stopped by the statement timeout", async () => {
  const pool = createPool(database, { statement_timeout: 50 });
  expect(isDatabaseUnavailable(await failure(pool.query("SELECT pg_sleep(1)")))).toBe(true);
  await pool.end();
});

it("recognises the same through Prisma's driver adapter", async () => {
  const closed = new URL(database.url);
  closed.port = String(await findFreePort());
  const adapter = await createPrismaAdapter({
    url: closed.toString(),
    schema: "fixture",
  }).connect();
  const error = await failure(adapter.queryRaw({ sql: "SELECT 1", args: [], argTypes: [] }));
  expect(isDatabaseUnavailable(error)).toBe(true);
  await adapter.dispose();
});

it("does not mistake a fault in the query or the data for an outage", async () => {
  const pool = createPool(database);
  expect(isDatabaseUnavailable(await failure(pool.query("SELEC 1")))).toBe(false);
  expect(isDatabaseUnavailable(await failure(pool.query("SELECT * FROM missing")))).toBe(false);
  expect(isDatabaseUnavailable(await failure(pool.query("SELECT 1/0")))).toBe(false);
  expect(isDatabaseUnavailable(new Error("Something else"))).toBe(false);
  await pool.end();
});
