import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDatabase } from "@bernard/database";
import { findFreePort } from "@bernard/database/testing";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import {
  freePortsForEveryApp,
  startLauncher,
  stop,
  stopLeftovers,
  waitForUrl,
} from "./launcher-process.js";

// An external PostgreSQL (Debian's 15, as an operator would run one) reached through DATABASE_URL:
// stopping and starting it under a running suite must not need any app restarted.
const POSTGRES_BIN = "/usr/lib/postgresql/15/bin";
const cli = path.resolve(import.meta.dirname, "../dist/cli.js");
const ADMIN_PASSWORD = "Survives-a-restart-42";

let directory: string;
let postgresPort: number;
let env: NodeJS.ProcessEnv;
let appPorts: Record<string, number>;

/** Runs one of PostgreSQL's programs; as root, as the postgres user, since PostgreSQL refuses root. */
function postgresCommand(program: string, args: string[]): void {
  const asPostgres =
    process.getuid?.() === 0
      ? {
          uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" })),
          gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" })),
        }
      : {};
  execFileSync(path.join(POSTGRES_BIN, program), args, { stdio: "pipe", ...asPostgres });
}

const dataDir = () => path.join(directory, "data");
const pgCtl = (action: "start" | "stop") =>
  postgresCommand("pg_ctl", [
    action,
    "--wait",
    "--silent",
    "-D",
    dataDir(),
    "-l",
    path.join(directory, "postgres.log"),
    ...(action === "start"
      ? ["-o", `-p ${postgresPort} -c listen_addresses=127.0.0.1 -k ${directory}`]
      : ["-m", "fast"]),
  ]);

beforeAll(async () => {
  if (!existsSync(path.join(POSTGRES_BIN, "initdb"))) {
    throw new Error(
      `This test needs Debian's PostgreSQL 15 in ${POSTGRES_BIN}: apt-get install -y postgresql-15`,
    );
  }
  directory = await mkdtemp(path.join(tmpdir(), "bernard-external-pg-"));
  await chmod(directory, 0o755);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
    await chown(directory, uid, gid);
  }
  postgresPort = await findFreePort();
  postgresCommand("initdb", ["-D", dataDir(), "-U", "postgres", "--auth=trust", "--no-sync"]);
  pgCtl("start");
  const serverUrl = `postgresql://postgres@127.0.0.1:${postgresPort}/postgres`;
  await createDatabase(serverUrl, "bernard");

  const ports = await freePortsForEveryApp();
  appPorts = {
    portal: Number(ports.BERNARD_PORTAL_PORT),
    consult: Number(ports.BERNARD_CONSULT_PORT),
  };
  env = {
    ...process.env,
    DATABASE_URL: `postgresql://postgres@127.0.0.1:${postgresPort}/bernard`,
    BERNARD_DATA_DIR: await mkdtemp(path.join(directory, "bernard-")),
    BERNARD_ADMIN_PASSWORD: ADMIN_PASSWORD,
    ...ports,
  };
});

afterEach(stopLeftovers);

afterAll(async () => {
  if (directory && existsSync(path.join(dataDir(), "postmaster.pid"))) pgCtl("stop");
  if (directory) await rm(directory, { recursive: true, force: true });
});

/** The app processes the launcher started (its children), to prove none was restarted. */
function childPids(parent: number): number[] {
  return execFileSync("ps", ["-o", "pid=", "--ppid", String(parent)], { encoding: "utf8" })
    .split("\n")
    .map(Number)
    .filter((pid) => pid > 0)
    .sort();
}

async function readyStatuses(): Promise<Record<string, number>> {
  const entries = await Promise.all(
    Object.entries(appPorts).map(async ([app, port]) => {
      const response = await fetch(`http://127.0.0.1:${port}/ready`).catch(() => undefined);
      return [app, response?.status ?? 0] as const;
    }),
  );
  return Object.fromEntries(entries);
}

async function waitUntilAll(status: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let statuses = await readyStatuses();
  while (Object.values(statuses).some((value) => value !== status)) {
    if (Date.now() > deadline)
      throw new Error(`Not every app answered /ready ${status}: ${JSON.stringify(statuses)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    statuses = await readyStatuses();
  }
}

it("keeps running while its external PostgreSQL restarts, then is ready again with all its data", async () => {
  const run = startLauncher(cli, env);
  const url = await waitForUrl(run);
  const signIn = await fetch(`${url}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "admin@bernard.local", password: ADMIN_PASSWORD }),
  });
  expect(signIn.status).toBe(200);
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  const browser = {
    cookie: signIn.headers.get("set-cookie")!.split(";")[0]!,
    "x-csrf-token": csrfToken,
  };
  const createConsultation = (title: string) =>
    fetch(`${url}/tools/consult/api/consultations`, {
      method: "POST",
      headers: { ...browser, "content-type": "application/json" },
      body: JSON.stringify({ title }),
    });
  const before = await createConsultation("Before the restart");
  expect(before.status).toBe(201);
  const { id } = (await before.json()) as { id: string };
  const apps = childPids(run.child.pid!);
  expect(apps.length).toBeGreaterThanOrEqual(2);

  pgCtl("stop");
  try {
    await waitUntilAll(503, 30_000);
    // Through the gateway, an API call says what is wrong; the portal's pages are still served.
    const refused = await createConsultation("While the database is stopped");
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      "DATABASE_UNAVAILABLE",
    );
    const page = await fetch(url, { headers: { ...browser, accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<title>Bernard</title>");
  } finally {
    pgCtl("start");
  }

  await waitUntilAll(200, 30_000);
  // The same session still works, the data from before is all there, and new writes work.
  const found = await fetch(`${url}/tools/consult/api/consultations/${id}`, { headers: browser });
  expect(found.status).toBe(200);
  expect(await found.json()).toMatchObject({ id, title: "Before the restart" });
  expect((await createConsultation("After the restart")).status).toBe(201);
  expect(childPids(run.child.pid!)).toEqual(apps);
  expect(run.child.exitCode).toBeNull();
  expect(await stop(run)).toBe(0);
}, 180_000);
