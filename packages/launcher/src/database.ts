import path from "node:path";
import {
  createDatabase,
  databaseExists,
  startEmbeddedPostgres,
  withClient,
  withDatabase,
  type RunningPostgres,
} from "@bernard/database";
import { LaunchError, type LauncherConfig } from "./config.js";
import { assertPortFree } from "./ports.js";
import { supervise } from "./supervisor.js";

export interface Database {
  /** Connection string of the database all apps share (each in its own schemas), as its owner. */
  url: string;
  /** What to tell the person: where the data is. */
  description: string;
  startupMs: number;
  stop(): Promise<void>;
}

const DATABASE_NAME = "bernard";

type Say = (line: string) => void;

/**
 * Uses DATABASE_URL when set; otherwise starts (or reuses) the embedded PostgreSQL under the
 * data folder and keeps it running: if its server dies, it is started again on the same folder
 * and port.
 */
export async function startDatabase(config: LauncherConfig, say: Say): Promise<Database> {
  if (config.databaseUrl) {
    await assertReachable(config.databaseUrl);
    return {
      url: config.databaseUrl,
      description: "the server in DATABASE_URL",
      startupMs: 0,
      stop: async () => {},
    };
  }
  const started = performance.now();
  const directory = path.join(config.dataDir, "postgres");
  // Restarts use the port the server first listened on (a reused one may not be the configured one).
  let port = config.postgresPort;
  let first: RunningPostgres | undefined;
  const server = await supervise({
    name: "PostgreSQL",
    start: async () => {
      const running = await startEmbeddedPostgres({ directory, port });
      port = Number(new URL(running.url).port);
      first ??= running;
      return running;
    },
    report: say,
  }).catch(async (error: unknown) => {
    await assertPortFree(config.postgresPort, "127.0.0.1", "BERNARD_POSTGRES_PORT");
    throw new LaunchError((error as Error).message);
  });
  try {
    if (!(await databaseExists(first!.url, DATABASE_NAME)))
      await createDatabase(first!.url, DATABASE_NAME);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    url: withDatabase(first!.url, DATABASE_NAME),
    description: `embedded PostgreSQL ${first!.reused ? "(already running) " : ""}with data in ${directory}`,
    startupMs: performance.now() - started,
    stop: () => server.stop(),
  };
}

/** A clear line instead of a driver's stack trace when the external server cannot be used. */
async function assertReachable(url: string): Promise<void> {
  await withClient(url, (client) => client.query("SELECT 1")).catch((error: unknown) => {
    const { hostname, port, pathname } = new URL(url);
    throw new LaunchError(
      `Could not connect to the PostgreSQL server in DATABASE_URL (${hostname}:${port || 5432}${pathname}): ` +
        `${(error as Error).message}. Check that the server is running and that the address, user and password are right.`,
    );
  });
}
