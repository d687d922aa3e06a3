import { once } from "node:events";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "@bernard/database/testing";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { startLauncher as start, stop, stopLeftovers, waitForUrl } from "./launcher-process.js";

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
    BERNARD_CONSULT_PORT: String(await findFreePort()),
  };
  delete env.DATABASE_URL;
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

afterEach(stopLeftovers);

const startLauncher = () => start(cli, env);

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
