import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { createDatabase, dropDatabase, withDatabase } from "../connection.js";

export { findFreePort } from "../free-port.js";
export type { ProvidedTestServer, TestDatabaseSetupOptions } from "./global-setup.js";

export interface TestDatabase {
  /** Connection string of a database that only this test file uses, already migrated. */
  url: string;
  name: string;
  adminUrl: string;
}

/** Clones a fresh, migrated database for the calling test file and drops it after the file's tests. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { adminUrl, template } = inject("bernardTestServer");
  const name = `bernard_test_${randomBytes(6).toString("hex")}`;
  await createDatabase(adminUrl, name, template);
  afterAll(() => dropDatabase(adminUrl, name));
  return { url: withDatabase(adminUrl, name), name, adminUrl };
}
