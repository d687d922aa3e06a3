import { LlmClient, gatewayProvider } from "@bernard/llm";
import { startFakeOpenAi, type FakeOpenAi } from "@bernard/llm/testing";
import { signInPage } from "@bernard/launcher/testing";
import { accessibilityViolations, launchChromium, openPage } from "@bernard/ui/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPortalDatabase } from "../../src/services/database.js";
import { ADMIN, NO_MODEL, startPortalWithTool } from "../portal-server.js";

let fake: FakeOpenAi;
let setup: Awaited<ReturnType<typeof startPortalWithTool>>;
let browser: Browser;

beforeAll(async () => {
  fake = await startFakeOpenAi({ reply: () => ({ content: "A minute of the meeting." }) });
  setup = await startPortalWithTool("notes", [], {
    ...NO_MODEL,
    provider: { kind: "openai-compatible", baseUrl: fake.url },
    models: ["gpt-4o-mini", "gpt-4o"],
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await setup.portal.server.close();
  await setup.tool.server.close();
  await fake.close();
});

async function signInAsAdmin(page: Page): Promise<void> {
  await signInPage(page, `${setup.portal.url}/sign-in`, ADMIN);
  await expect.poll(() => page.locator("main").textContent()).toContain("Signed in as");
}

it("lets an admin choose a tool's model, set allowances, and read usage with a chart", async () => {
  const db = createPortalDatabase(setup.portal.database);
  const admin = await db.user.findUniqueOrThrow({ where: { email: ADMIN.email } });
  await db.$disconnect();
  const token = await setup.portal.server.userTokens.issue(
    { sub: admin.id, name: "Administrator", email: ADMIN.email, roles: ["admin"], groups: [] },
    "notes",
  );
  await new LlmClient({ provider: gatewayProvider(setup.portal.url, token), model: "x" }).chat({
    messages: [{ role: "user", content: "Write the minute" }],
  });

  const page = await openPage(browser);
  await signInAsAdmin(page);
  await page.getByRole("link", { name: "Models" }).click();
  await expect.poll(() => page.locator("h1").textContent()).toBe("Models and usage");
  await expect
    .poll(() => page.locator(".govuk-summary-list").textContent())
    .toContain("An OpenAI-compatible server");
  await expect.poll(() => page.locator("main").textContent()).toContain("Tokens by tool");
  expect(await page.locator("svg[role=img] rect").count()).toBe(1);
  expect(await page.locator("main").textContent()).toContain("admin@example.gov.uk");
  expect(
    await page.getByRole("link", { name: "Download the usage as CSV" }).getAttribute("href"),
  ).toMatch(/^\/api\/admin\/llm\/usage\.csv\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/);
  expect(await accessibilityViolations(page)).toEqual([]);

  await page.locator("#userDailyTokens").fill("lots");
  await page.getByRole("button", { name: "Save allowance" }).click();
  await expect
    .poll(() => page.locator(".govuk-error-summary li").allTextContents())
    .toEqual(["Enter a whole number of tokens greater than 0, like 1000000"]);
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.locator("#userDailyTokens").fill("250,000");
  await page.getByRole("button", { name: "Save allowance" }).focus();
  await page.keyboard.down("Enter");
  await page.keyboard.up("Enter");
  await expect
    .poll(() => page.locator(".govuk-notification-banner").textContent())
    .toContain("Each person may now use 250,000 tokens a day.");

  await page.goto(`${setup.portal.url}/admin/tools/notes`);
  await page.locator("#llmModel").waitFor();
  await page.locator("#llmModel").selectOption("gpt-4o");
  await page.locator("#llmDailyTokens").fill("5000000");
  await page.getByRole("button", { name: "Save" }).click();
  await expect
    .poll(() => page.locator(".govuk-notification-banner").textContent())
    .toContain("is switched on for everyone");
  expect(await page.locator("#llmModel").inputValue()).toBe("gpt-4o");
  expect(await accessibilityViolations(page)).toEqual([]);
});
