import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "@bernard/database";
import type { Browser, Page } from "playwright-core";
import { registeredApps } from "./apps.js";
import { readLauncherConfig } from "./config.js";
import { launch } from "./start.js";

/** Someone who can sign in to the portal. */
export interface Person {
  email: string;
  password: string;
}

/** The first admin of a Bernard started by `startBernard()`. */
export const TEST_ADMIN: Person = {
  email: "admin@bernard.local",
  password: "copper lantern meadow",
};

/**
 * A free port for every app registered under `<root>/apps` (and for the embedded PostgreSQL), as
 * the launcher's settings: tests that start Bernard never take an app's default port, whichever
 * tools the repository has, so they can run beside each other and beside a running Bernard.
 */
export async function freePortsForEveryApp(root: string): Promise<Record<string, string>> {
  const ports: Record<string, string> = { BERNARD_POSTGRES_PORT: String(await findFreePort()) };
  for (const app of await registeredApps(root)) {
    ports[`${app.envPrefix}PORT`] = String(await findFreePort());
  }
  return ports;
}

/** Signs in through the portal's API, as a browser does: the headers its later requests send. */
export async function signInHeaders(
  url: string,
  person: Person = TEST_ADMIN,
): Promise<Record<string, string>> {
  const response = await fetch(`${url}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(person),
  });
  if (response.status !== 200) {
    throw new Error(`Signing in as ${person.email} answered ${response.status}`);
  }
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: response.headers.get("set-cookie")!.split(";")[0]!, "x-csrf-token": csrfToken };
}

/**
 * Opens `url` in the page and signs in on the portal's sign-in page it is sent to, as a person
 * would; resolves once the portal has sent the page back to where it was going.
 */
export async function signInPage(page: Page, url: string, person: Person = TEST_ADMIN) {
  await page.goto(url);
  await page.locator("#email").fill(person.email);
  await page.locator("#password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((address) => !address.pathname.startsWith("/sign-in"));
}

export interface TestBernard {
  /** The portal's address. */
  url: string;
  /** Opens `to` (a path such as `/tools/consult/`) in the page, signed in as `person`. */
  signIn(page: Page, to?: string, person?: Person): Promise<void>;
  /** Stops every app and the database, and removes the data. */
  stop(): Promise<void>;
}

/** The repository this launcher is part of (this file is in packages/launcher/src or dist). */
const REPOSITORY_ROOT = path.resolve(import.meta.dirname, "../../..");

export interface TestBernardOptions {
  /** Names the throwaway data folder, so a leftover one says which test left it. */
  name: string;
  /** The portal's model provider: an OpenAI-compatible server there (a fake one, in tests). */
  modelUrl?: string | undefined;
  /** Further settings. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Bernard started as `pnpm start` would (built apps, real PostgreSQL, the portal's gateway), on
 * free ports and throwaway data, for browser tests: the portal and `tools` (app ids; by default
 * every registered app).
 */
export async function startBernard({
  root = REPOSITORY_ROOT,
  name,
  tools,
  modelUrl,
  env = {},
}: TestBernardOptions & {
  /** The repository's root folder (by default the one this launcher is in). */
  root?: string;
  tools?: string[];
}): Promise<TestBernard> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `${name}-`));
  await chmod(dataDir, 0o755); // PostgreSQL's own user must pass through it when run as root
  const launchEnv: NodeJS.ProcessEnv = {
    ...process.env,
    BERNARD_DATA_DIR: dataDir,
    ...(await freePortsForEveryApp(root)),
    BERNARD_ADMIN_EMAIL: TEST_ADMIN.email,
    BERNARD_ADMIN_PASSWORD: TEST_ADMIN.password,
    LOG_LEVEL: "warn",
    // The provider is the portal's alone: the launcher keeps BERNARD_LLM_* from the tools.
    ...(modelUrl && {
      BERNARD_LLM_PROVIDER: "openai-compatible",
      BERNARD_LLM_BASE_URL: modelUrl,
      BERNARD_LLM_API_KEY: "provider-key",
    }),
    ...env,
  };
  delete launchEnv.DATABASE_URL;
  const bernard = await launch(
    readLauncherConfig(root, launchEnv),
    "start",
    () => undefined,
    tools ? { only: tools } : {},
  ).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  return {
    url: bernard.url,
    signIn: (page, to = "/", person = TEST_ADMIN) =>
      signInPage(page, `${bernard.url}${to}`, person),
    stop: async () => {
      await bernard.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Bernard with one tool (`tool`, its app id) and a browser for the tool's browser tests:
 * `signedIn()` opens the tool in a fresh browser context as someone (by default the first admin)
 * and resolves once its start page shows `startHeading`. `stop()` closes the browser too.
 */
export async function startToolInBrowser({
  browser: launching,
  tool,
  startHeading,
  ...options
}: TestBernardOptions & {
  /** The browser the pages open in (its launch may still be under way). */
  browser: Browser | Promise<Browser>;
  tool: string;
  startHeading: string;
}) {
  const browser = await launching;
  const bernard = await startBernard({ ...options, tools: [tool] }).catch(
    async (error: unknown) => {
      await browser.close();
      throw error;
    },
  );
  const signedIn = async (email = TEST_ADMIN.email, password = TEST_ADMIN.password) => {
    const page = await (await browser.newContext()).newPage();
    await bernard.signIn(page, `/tools/${tool}/`, { email, password });
    await page
      .locator("h1")
      .filter({ hasText: exactly(startHeading) })
      .waitFor();
    return page;
  };
  const stop = async () => {
    await browser.close();
    await bernard.stop();
  };
  return { url: bernard.url, signedIn, stop };
}

/** Matches exactly `text` (a heading, say), not text that only contains it. */
const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

/**
 * A colleague invited by the admin signed in on `page`, through the portal's API with the
 * session's CSRF token, who then accepts the invitation and sets their password.
 */
export async function invite(page: Page, person: Person & { name: string }): Promise<void> {
  await page.evaluate(async ({ email, name, password }) => {
    const { csrfToken } = (await (await fetch("/api/session")).json()) as { csrfToken: string };
    const invited = await fetch("/api/admin/users/invitations", {
      method: "POST",
      headers: { "x-csrf-token": csrfToken, "content-type": "application/json" },
      body: JSON.stringify({ email, name, role: "user" }),
    });
    const token = new URL(((await invited.json()) as { link: string }).link).pathname
      .split("/")
      .pop()!;
    // Sent from the admin's signed-in page, so it carries their session's CSRF token too.
    const accepted = await fetch(`/api/invitations/${token}/accept`, {
      method: "POST",
      headers: { "x-csrf-token": csrfToken, "content-type": "application/json" },
      body: JSON.stringify({ password }),
    });
    if (!accepted.ok) throw new Error(`accepting the invitation: ${accepted.status}`);
  }, person);
}
