import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "@bernard/database";
import { launch, readLauncherConfig, type Launched } from "@bernard/launcher";
import { startFakeOpenAi, type FakeOpenAi } from "@bernard/llm/testing";
import { accessibilityViolations, launchChromium, openPage } from "@bernard/ui/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { scriptedModel } from "../scripted-model.js";

const root = path.resolve(import.meta.dirname, "../../../../..");
const PASSWORD = "copper lantern meadow";
let dataDir: string;
let fake: FakeOpenAi;
let bernard: Launched;
let browser: Browser;

beforeAll(async () => {
  fake = await startFakeOpenAi({ reply: scriptedModel });
  dataDir = await mkdtemp(path.join(tmpdir(), "consult-model-"));
  await chmod(dataDir, 0o755); // PostgreSQL's own user must pass through it when run as root
  process.env.BERNARD_ADMIN_PASSWORD = PASSWORD;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BERNARD_DATA_DIR: dataDir,
    BERNARD_POSTGRES_PORT: String(await findFreePort()),
    BERNARD_PORTAL_PORT: String(await findFreePort()),
    BERNARD_CONSULT_PORT: String(await findFreePort()),
    // The provider is the portal's alone: the launcher keeps BERNARD_LLM_* from the tools.
    BERNARD_LLM_PROVIDER: "openai-compatible",
    BERNARD_LLM_BASE_URL: fake.url,
    BERNARD_LLM_API_KEY: "provider-key",
    LOG_LEVEL: "warn",
  };
  delete env.DATABASE_URL;
  bernard = await launch(readLauncherConfig(root, env), "start", () => undefined);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await bernard?.stop();
  await fake?.close();
  await rm(dataDir, { recursive: true, force: true });
});

it(
  "finds themes with the AI model through the portal's gateway, with the estimate shown first",
  { timeout: 120_000 },
  async () => {
    const page = await openPage(browser);
    await page.goto(`${bernard.url}/tools/consult/`);
    await page.locator("#email").fill("admin@bernard.local");
    await page.locator("#password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("link", { name: /Evening bus services/ }).click();
    await page.getByRole("link", { name: "Themes for question 1" }).click();

    const model = page.getByLabel("AI model (gpt-4o-mini)");
    // The page asks the portal which model it may use before offering it.
    await expect.poll(() => model.count(), { timeout: 20_000 }).toBe(1);
    expect(await page.locator("main").textContent()).toMatch(
      /About \d+ requests, [\d,]+ tokens, US\$\d+\.\d\d at list prices/,
    );
    await model.check();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Find themes" }).click();
    await expect
      .poll(() => page.locator(".bernard-progress h2").textContent(), { timeout: 60_000 })
      .toBe("Analysing the responses: Finished");

    const table = page.locator("table", { hasText: "Themes, most responses first" });
    await expect.poll(() => table.textContent(), { timeout: 20_000 }).toContain("Getting to work");
    expect(await table.textContent()).toContain("responses make this point.");
    expect(await page.locator("main").textContent()).toContain("Found by the AI model.");
    expect(await accessibilityViolations(page)).toEqual([]);

    // Every call went through the portal: the provider saw the portal's key, never a user's token.
    const calls = fake.chatRequests();
    expect(calls.length).toBeGreaterThan(3);
    for (const call of calls) expect(call.headers.authorization).toBe("Bearer provider-key");
  },
);
