import { once } from "node:events";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  startEmbeddedPostgres,
  withClient,
  withCredentials,
  withDatabase,
} from "@bernard/database";
import { findFreePort } from "@bernard/database/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  appPids,
  environmentOf,
  eventually,
  freePortsForEveryApp,
  startLauncher as start,
  stop,
  stopLeftovers,
  waitForUrl,
  type Run,
} from "./launcher-process.js";

const cli = path.resolve(import.meta.dirname, "../dist/cli.js");
let dataDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "bernard-launcher-"));
  await chmod(dataDir, 0o755); // mkdtemp's folder is private; PostgreSQL's own user must pass through it
  env = {
    ...process.env,
    DATABASE_URL: "",
    BERNARD_DATA_DIR: dataDir,
    ...(await freePortsForEveryApp()),
  };
  delete env.DATABASE_URL;
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

afterEach(stopLeftovers);

const startLauncher = (extra: NodeJS.ProcessEnv = {}) => start(cli, { ...env, ...extra });
const consultUrl = () => `http://127.0.0.1:${env.BERNARD_CONSULT_PORT}`;
const isReady = (url: string) =>
  fetch(`${url}/ready`).then(
    (response) => response.ok,
    () => false,
  );

/** A launcher's exit code once it has stopped by itself. */
async function exitCode(run: Run): Promise<number | null> {
  if (run.child.exitCode !== null) return run.child.exitCode;
  const [code] = (await once(run.child, "exit")) as [number | null];
  return code;
}

/** The SQLSTATE of the error `sql` raises for that connection, or "ok". */
const outcome = (url: string, sql: string) =>
  withClient(url, (client) => client.query(sql)).then(
    () => "ok",
    (error: { code?: string }) => error.code,
  );
const PERMISSION_DENIED = "42501";

/** The id of the portal's token signing key: made on the first start and kept in its database. */
async function signingKeyId(url: string): Promise<string> {
  const jwks = (await (await fetch(`${url}/.well-known/jwks.json`)).json()) as {
    keys: { kid: string }[];
  };
  return jwks.keys[0]!.kid;
}

it("starts PostgreSQL and the portal, serves the page, stops cleanly, and keeps the data for the next start", async () => {
  const first = startLauncher();
  const url = await waitForUrl(first);
  expect(first.output()).toMatch(/portal: applied \d+ migration/);
  expect(first.output()).toMatch(
    /Created the first administrator: sign in as admin@bernard\.local with the password \S{12,}/,
  );
  const page = await fetch(url, { headers: { accept: "text/html" } });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("<title>Bernard</title>");
  const id = await signingKeyId(url);

  expect(await stop(first)).toBe(0);
  expect(first.output()).toContain("Stopped. Your data is kept for the next start.");
  await expect(fetch(url)).rejects.toThrow();

  const second = startLauncher();
  const secondUrl = await waitForUrl(second);
  expect(second.output()).not.toMatch(/applied \d+ migration/);
  expect(await signingKeyId(secondUrl)).toBe(id);
  expect(await stop(second)).toBe(0);
});

it("says which port is taken and which setting changes it", async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) =>
    blocker.listen(Number(env.BERNARD_PORTAL_PORT), "127.0.0.1", resolve),
  );
  try {
    const run = startLauncher();
    const [code] = (await once(run.child, "exit")) as [number];
    expect(code).toBe(1);
    expect(run.output()).toContain(
      `Bernard could not start: Port ${env.BERNARD_PORTAL_PORT} on 127.0.0.1 is already in use. Stop whatever is using it, or choose another port with BERNARD_PORTAL_PORT=<port>.`,
    );
  } finally {
    blocker.close();
  }
});

it("gives each app only its own settings, and a database role that cannot touch another app's schemas", async () => {
  const run = startLauncher({
    BERNARD_ADMIN_PASSWORD: "copper lantern meadow",
    BERNARD_SESSION_IDLE_MINUTES: "45",
  });
  const url = await waitForUrl(run);
  const pids = await appPids(run.child.pid!);
  const portal = await environmentOf(pids.get("portal")!);
  const consult = await environmentOf(pids.get("consult")!);

  expect(portal.BERNARD_SESSION_IDLE_MINUTES).toBe("45");
  expect(consult).not.toHaveProperty("BERNARD_SESSION_IDLE_MINUTES");
  expect(portal).not.toHaveProperty("BERNARD_ADMIN_PASSWORD");
  expect(consult).not.toHaveProperty("BERNARD_ADMIN_PASSWORD");
  expect(consult.BERNARD_PORTAL_URL).toBe(url);

  const ownerPassword = (await readFile(path.join(dataDir, "postgres/password"), "utf8")).trim();
  for (const app of [portal, consult]) expect(app.DATABASE_URL).not.toContain(ownerPassword);
  expect(new URL(portal.DATABASE_URL!).username).toBe("bernard_portal");
  expect(new URL(consult.DATABASE_URL!).username).toBe("bernard_consult");

  const asConsult = consult.DATABASE_URL!;
  const asPortal = portal.DATABASE_URL!;
  await expect(outcome(asConsult, "SELECT count(*) FROM consult.consultation")).resolves.toBe("ok");
  for (const sql of [
    "SELECT value FROM portal.setting WHERE key = 'user-token-signing-key'",
    "UPDATE portal.setting SET value = '{}'",
    "DELETE FROM portal.user_account",
    "INSERT INTO portal.audit_event (id) VALUES ('forged')",
    "SELECT * FROM portal_llm.llm_response_cache",
    "CREATE TABLE public.planted (id int)",
  ])
    await expect(outcome(asConsult, sql), sql).resolves.toBe(PERMISSION_DENIED);
  await expect(outcome(asPortal, "SELECT count(*) FROM portal.setting")).resolves.toBe("ok");
  for (const sql of [
    "SELECT count(*) FROM consult.consultation",
    "SELECT count(*) FROM consult_jobs.version",
  ])
    await expect(outcome(asPortal, sql), sql).resolves.toBe(PERMISSION_DENIED);
  // The portal's audit log is sealed: its own role may add to it, never change it.
  await expect(
    outcome(asPortal, "INSERT INTO portal.audit_event (action) VALUES ('sign-out')"),
  ).resolves.toBe("ok");
  for (const sql of [
    "UPDATE portal.audit_event SET action = 'nothing.happened'",
    "DELETE FROM portal.audit_event",
    "ALTER TABLE portal.audit_event DISABLE TRIGGER USER",
  ])
    await expect(outcome(asPortal, sql), sql).resolves.toBe(PERMISSION_DENIED);

  expect(await stop(run)).toBe(0);
});

it("restarts a killed tool and a killed PostgreSQL, touching nothing else and losing no data", async () => {
  const run = startLauncher();
  const url = await waitForUrl(run);
  const before = await appPids(run.child.pid!);
  const consultDatabase = (await environmentOf(before.get("consult")!)).DATABASE_URL!;
  const consultations = () =>
    withClient(consultDatabase, async (client) => {
      const { rows } = await client.query<{ count: string }>(
        "SELECT count(*) FROM consult.consultation",
      );
      return Number(rows[0]!.count);
    });
  const keptConsultations = await consultations();
  expect(keptConsultations).toBeGreaterThan(0);
  const keyId = await signingKeyId(url);

  process.kill(before.get("consult")!, "SIGKILL");
  const restarted = await eventually(async () => {
    const pid = (await appPids(run.child.pid!)).get("consult");
    return pid !== undefined && pid !== before.get("consult") && (await isReady(consultUrl()))
      ? pid
      : undefined;
  });
  expect(run.output()).toMatch(
    /consult stopped unexpectedly \(signal SIGKILL\) at \S+; restarting it in 1 s\./,
  );
  expect((await appPids(run.child.pid!)).get("portal")).toBe(before.get("portal"));
  expect(await isReady(url)).toBe(true);
  expect(await consultations()).toBe(keptConsultations);

  const postmasterPid = async () =>
    Number(
      (await readFile(path.join(dataDir, "postgres/data/postmaster.pid"), "utf8")).split("\n")[0],
    );
  const postmaster = await postmasterPid();
  process.kill(postmaster, "SIGKILL");
  // Every app is ready again within 30 s, with nothing restarted by hand.
  await eventually(async () => {
    const running = await postmasterPid().catch(() => postmaster);
    const ready = (await isReady(url)) && (await isReady(consultUrl()));
    return running !== postmaster && ready ? true : undefined;
  }, 30_000);
  expect(run.output()).toMatch(/PostgreSQL stopped unexpectedly \(signal SIGKILL\)/);
  expect(run.output()).toContain("PostgreSQL is running again.");
  expect(await consultations()).toBe(keptConsultations);
  expect(await signingKeyId(url)).toBe(keyId);
  expect(restarted).toBeGreaterThan(0);

  expect(await stop(run)).toBe(0);
});

describe("start-up failures: one clear line, no stack trace", () => {
  const noStackTrace = /^\s+at /m;

  it("names the setting when an app's configuration is not valid", async () => {
    const run = startLauncher({ BERNARD_SESSION_IDLE_MINUTES: "soon" });
    expect(await exitCode(run)).toBe(1);
    expect(run.output()).toMatch(
      /Bernard could not start: portal stopped while starting \(exit code 1\): The portal cannot start because its configuration is not valid:\n {2}BERNARD_SESSION_IDLE_MINUTES: .+\. Its log is in /,
    );
    expect(run.output()).not.toMatch(noStackTrace);
  });

  it("says what is wrong with a first administrator's password that fails the policy", async () => {
    const freshData = await mkdtemp(path.join(tmpdir(), "bernard-launcher-admin-"));
    await chmod(freshData, 0o755);
    try {
      const run = startLauncher({ BERNARD_DATA_DIR: freshData, BERNARD_ADMIN_PASSWORD: "short" });
      expect(await exitCode(run)).toBe(1);
      expect(run.output()).toMatch(
        /Bernard could not start: portal could not be set up: BERNARD_ADMIN_PASSWORD cannot be the first administrator's password: .+ Choose another, or leave BERNARD_ADMIN_PASSWORD unset/,
      );
      expect(run.output()).not.toMatch(noStackTrace);
    } finally {
      await rm(freshData, { recursive: true, force: true });
    }
  });

  it("says when the data folder cannot be used", async () => {
    const file = path.join(dataDir, "not-a-folder");
    await writeFile(file, "");
    const run = startLauncher({ BERNARD_DATA_DIR: path.join(file, "bernard") });
    expect(await exitCode(run)).toBe(1);
    expect(run.output()).toContain(
      `Bernard could not start: The data folder ${path.join(file, "bernard")} cannot be used (ENOTDIR). Make it a folder you can write to, or choose another with BERNARD_DATA_DIR=<folder>.`,
    );
    expect(run.output()).not.toMatch(noStackTrace);
  });
});

it("with DATABASE_URL, uses an administrator's role for an app, shares its user while it cannot make roles, and makes them once it can", async () => {
  const folder = await mkdtemp(path.join(tmpdir(), "bernard-launcher-external-"));
  await chmod(folder, 0o755);
  const server = await startEmbeddedPostgres({
    directory: path.join(folder, "server"),
    port: await findFreePort(),
    ephemeral: true,
  });
  try {
    const sharedUrl = withDatabase(server.url, "shared");
    await withClient(server.url, async (client) => {
      await client.query("CREATE ROLE bernard_owner LOGIN PASSWORD 'owner-password'");
      await client.query("CREATE DATABASE shared OWNER bernard_owner");
    });
    // The README's SQL for an administrator who makes consult's role by hand.
    await withClient(sharedUrl, async (client) => {
      for (const statement of [
        "REVOKE ALL ON DATABASE shared FROM PUBLIC",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        "GRANT CONNECT ON DATABASE shared TO bernard_owner",
        "CREATE ROLE made_consult LOGIN PASSWORD 'consult-password'",
        "GRANT CONNECT, CREATE ON DATABASE shared TO made_consult",
        "CREATE SCHEMA consult AUTHORIZATION made_consult",
        "CREATE SCHEMA consult_jobs AUTHORIZATION made_consult",
      ])
        await client.query(statement);
    });
    const consultUrl = withCredentials(sharedUrl, "made_consult", "consult-password");
    const external = {
      DATABASE_URL: withCredentials(sharedUrl, "bernard_owner", "owner-password"),
      BERNARD_CONSULT_DATABASE_URL: consultUrl,
      BERNARD_DATA_DIR: path.join(folder, "data"),
    };

    const first = startLauncher(external);
    await waitForUrl(first);
    // Every app without a role of its own is named (the portal, and any tool besides consult).
    expect(first.output()).toMatch(
      /Database: portal( uses|(, [a-z-]+)* and .+ share) the user in DATABASE_URL, because the user bernard_owner may not create roles \(CREATEROLE\)\. To give each app a role of its own, see "Database roles" in README\.md\./,
    );
    expect(first.output()).not.toContain("stopped unexpectedly");
    const consult = await environmentOf((await appPids(first.child.pid!)).get("consult")!);
    expect(consult.DATABASE_URL).toBe(consultUrl);
    expect(await stop(first)).toBe(0);

    await withClient(server.url, (client) => client.query("ALTER ROLE bernard_owner CREATEROLE"));
    const second = startLauncher(external);
    await waitForUrl(second);
    expect(second.output()).not.toContain("the user in DATABASE_URL");
    const portal = await environmentOf((await appPids(second.child.pid!)).get("portal")!);
    expect(new URL(portal.DATABASE_URL!).username).toBe("shared_portal");
    // The portal's schema, made as the owner on the first start, was handed over, data and all.
    await expect(
      outcome(
        portal.DATABASE_URL!,
        "SELECT value FROM portal.setting WHERE key = 'user-token-signing-key'",
      ),
    ).resolves.toBe("ok");
    await expect(outcome(consultUrl, "SELECT value FROM portal.setting")).resolves.toBe(
      PERMISSION_DENIED,
    );
    await expect(
      outcome(portal.DATABASE_URL!, "SELECT count(*) FROM consult.consultation"),
    ).resolves.toBe(PERMISSION_DENIED);
    expect(await stop(second)).toBe(0);
  } finally {
    await server.stop();
    await rm(folder, { recursive: true, force: true });
  }
});
