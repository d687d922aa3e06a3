import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "@bernard/database/testing";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";

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
    BERNARD_POSTGRES_PORT: String(await findFreePort()),
    BERNARD_PORTAL_PORT: String(await findFreePort()),
  };
  delete env.DATABASE_URL;
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

interface Run {
  child: ChildProcess;
  output: () => string;
}

const runs: ChildProcess[] = [];
// A failed assertion must not leave a launcher holding the ports for the next test.
afterEach(async () => {
  const running = runs.splice(0).filter((child) => child.exitCode === null);
  await Promise.all(
    running.map((child) => {
      const exited = once(child, "exit");
      child.kill("SIGINT");
      return exited;
    }),
  );
});

function startLauncher(): Run {
  let output = "";
  const child = spawn(process.execPath, [cli, "start"], { env, stdio: ["ignore", "pipe", "pipe"] });
  runs.push(child);
  child.stdout.on("data", (chunk: Buffer) => (output += String(chunk)));
  child.stderr.on("data", (chunk: Buffer) => (output += String(chunk)));
  return { child, output: () => output };
}

async function waitForUrl(run: Run): Promise<string> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const match = /Bernard is running at (http:\/\/\S+)/.exec(run.output());
    if (match) return match[1]!;
    if (run.child.exitCode !== null)
      throw new Error(`The launcher exited early (${run.child.exitCode}):\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The launcher printed no URL:\n${run.output()}`);
}

async function stop(run: Run): Promise<number | null> {
  const exited = once(run.child, "exit");
  run.child.kill("SIGINT");
  const [code] = (await exited) as [number | null];
  return code;
}

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
