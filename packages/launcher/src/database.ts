import path from "node:path";
import {
  createDatabase,
  databaseExists,
  startEmbeddedPostgres,
  withDatabase,
} from "@bernard/database";
import { LaunchError, type LauncherConfig } from "./config.js";
import { assertPortFree } from "./ports.js";

export interface Database {
  /** Connection string of the database all apps share (each in its own schema). */
  url: string;
  /** What to tell the person: where the data is. */
  description: string;
  startupMs: number;
  stop(): Promise<void>;
}

const DATABASE_NAME = "bernard";

/** Uses DATABASE_URL when set; otherwise starts (or reuses) the embedded PostgreSQL under the data folder. */
export async function startDatabase(config: LauncherConfig): Promise<Database> {
  if (config.databaseUrl) {
    return {
      url: config.databaseUrl,
      description: "the server in DATABASE_URL",
      startupMs: 0,
      stop: async () => {},
    };
  }
  const started = performance.now();
  const directory = path.join(config.dataDir, "postgres");
  const server = await startEmbeddedPostgres({ directory, port: config.postgresPort }).catch(
    async (error: unknown) => {
      await assertPortFree(config.postgresPort, "127.0.0.1", "BERNARD_POSTGRES_PORT");
      throw new LaunchError((error as Error).message);
    },
  );
  if (!(await databaseExists(server.url, DATABASE_NAME)))
    await createDatabase(server.url, DATABASE_NAME);
  return {
    url: withDatabase(server.url, DATABASE_NAME),
    description: `embedded PostgreSQL ${server.reused ? "(already running) " : ""}with data in ${directory}`,
    startupMs: performance.now() - started,
    stop: () => server.stop(),
  };
}
