import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "@bernard/database";
import { launch, readLauncherConfig } from "@bernard/launcher";
import { launchChromium, openPage } from "@bernard/ui/testing";
import type { Page } from "playwright-core";
import { expect } from "vitest";

const root = path.resolve(import.meta.dirname, "../../../../..");
export const PASSWORD = "copper lantern meadow";

/**
 * The whole of Bernard started as `pnpm start` would, on ports of its own and throwaway data,
 * with Chromium; `signedIn()` opens the summariser as someone (by default the first admin).
 */
export async function startBernard(name: string, env: NodeJS.ProcessEnv = {}) {
  const dataDir = await mkdtemp(path.join(tmpdir(), `${name}-`));
  await chmod(dataDir, 0o755); // PostgreSQL's own user must pass through it when run as root
  process.env.BERNARD_ADMIN_PASSWORD = PASSWORD;
  const launchEnv: NodeJS.ProcessEnv = {
    ...process.env,
    BERNARD_DATA_DIR: dataDir,
    BERNARD_POSTGRES_PORT: String(await findFreePort()),
    BERNARD_PORTAL_PORT: String(await findFreePort()),
    BERNARD_CONSULT_PORT: String(await findFreePort()),
    BERNARD_MINUTES_PORT: String(await findFreePort()),
    LOG_LEVEL: "warn",
    ...env,
  };
  delete launchEnv.DATABASE_URL;
  const bernard = await launch(readLauncherConfig(root, launchEnv), "start", () => undefined);
  const browser = await launchChromium();

  const signedIn = async (email = "admin@bernard.local", password = PASSWORD): Promise<Page> => {
    const page = await openPage(browser);
    await page.goto(`${bernard.url}/tools/minutes/`);
    await page.locator("#email").fill(email);
    await page.locator("#password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Meetings");
    return page;
  };
  const stop = async () => {
    await browser.close();
    await bernard.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  return { url: bernard.url, signedIn, stop };
}

/** A colleague invited by the signed-in admin through the portal's API, who sets a password. */
export async function invite(
  page: Page,
  person: { email: string; name: string; password: string },
): Promise<void> {
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
    const accepted = await fetch(`/api/invitations/${token}/accept`, {
      method: "POST",
      headers: { "x-csrf-token": csrfToken, "content-type": "application/json" },
      body: JSON.stringify({ password }),
    });
    if (!accepted.ok) throw new Error(`accepting the invitation: ${accepted.status}`);
  }, person);
}
