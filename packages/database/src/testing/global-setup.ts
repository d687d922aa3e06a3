import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createDatabase, dropDatabase, withDatabase } from "../connection.js";
import { startEmbeddedPostgres } from "../embedded.js";
import { migrate } from "../migrate.js";
import { findFreePort } from "../free-port.js";

export interface TestDatabaseSetupOptions {
  /** An existing server to use instead of a throwaway embedded one (needs CREATEDB). */
  externalUrl?: string | undefined;
  /** Each app schema to migrate into the template that every test database is cloned from. */
  apps: { schema: string; migrationsDir: string }[];
}

export interface ProvidedTestServer {
  /** Connection string for the server's maintenance database. */
  adminUrl: string;
  template: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    bernardTestServer: ProvidedTestServer;
  }
}

/**
 * A vitest globalSetup: one PostgreSQL server per test run and one migrated template database,
 * so each test file can clone a fresh database in milliseconds and files can run in parallel.
 */
export function testDatabaseSetup(options: TestDatabaseSetupOptions) {
  return async function setup(project: TestProject) {
    const server = options.externalUrl
      ? { url: options.externalUrl, stop: async () => {} }
      : await startEmbeddedPostgres({
          directory: path.join(
            tmpdir(),
            `bernard-test-pg-${process.pid}-${randomBytes(3).toString("hex")}`,
          ),
          port: await findFreePort(),
          ephemeral: true,
        });
    const template = `bernard_template_${randomBytes(4).toString("hex")}`;
    await createDatabase(server.url, template);
    const templateUrl = withDatabase(server.url, template);
    for (const app of options.apps) {
      await migrate({ url: templateUrl, schema: app.schema }, app.migrationsDir);
    }
    project.provide("bernardTestServer", { adminUrl: server.url, template });

    return async () => {
      await dropDatabase(server.url, template);
      await server.stop();
    };
  };
}
