import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "@bernard/database";
import { launch, readLauncherConfig } from "@bernard/launcher";
import { launchChromium, openPage } from "@bernard/ui/testing";
import type { Page } from "playwright-core";
import { expect } from "vitest";

const root = path.resolve(import.meta.dirname, "../../../../..");
const PASSWORD = "copper lantern meadow";

/**
 * The whole of Bernard started as `pnpm start` would, on ports of its own and throwaway data,
 * with Chromium; `signedIn()` opens the sorter as the first admin. `env` adds settings (a model
 * provider for the portal, say).
 */
export async function startBernard(name: string, env: NodeJS.ProcessEnv = {}) {
  const dataDir = await mkdtemp(path.join(tmpdir(), `${name}-`));
  await chmod(dataDir, 0o755); // PostgreSQL's own user must pass through it when run as root
  // The portal's first-run seed reads the first admin's password from the environment.
  process.env.BERNARD_ADMIN_PASSWORD = PASSWORD;
  const launchEnv: NodeJS.ProcessEnv = {
    ...process.env,
    BERNARD_DATA_DIR: dataDir,
    BERNARD_POSTGRES_PORT: String(await findFreePort()),
    BERNARD_PORTAL_PORT: String(await findFreePort()),
    BERNARD_CONSULT_PORT: String(await findFreePort()),
    LOG_LEVEL: "warn",
    ...env,
  };
  delete launchEnv.DATABASE_URL;
  const bernard = await launch(readLauncherConfig(root, launchEnv), "start", () => undefined);
  const browser = await launchChromium();

  /** The sorter's start page, signed in as someone (by default the first admin). */
  const signedIn = async (email = "admin@bernard.local", password = PASSWORD): Promise<Page> => {
    const page = await openPage(browser);
    await page.goto(`${bernard.url}/tools/consult/`);
    await page.locator("#email").fill(email);
    await page.locator("#password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Consultations");
    return page;
  };
  const stop = async () => {
    await browser.close();
    await bernard.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  return { url: bernard.url, signedIn, stop };
}
