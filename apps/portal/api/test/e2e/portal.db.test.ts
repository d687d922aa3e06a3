import { accessibilityViolations, launchChromium, openPage } from "@bernard/ui/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ADMIN, startTestPortal } from "../portal-server.js";

let portal: Awaited<ReturnType<typeof startTestPortal>>;
let browser: Browser;
beforeAll(async () => {
  portal = await startTestPortal();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await portal?.server.close();
});

/** Fails the test on any console error (a failed request, a React warning). */
function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    // The browser logs every 4xx answer; those are the API doing its job (validation, not signed in).
    const expectedAnswer =
      /Failed to load resource: the server responded with a status of 4\d\d/.test(message.text());
    if (message.type() === "error" && !expectedAnswer) errors.push(message.text());
  });
  return errors;
}

const focusedText = (page: Page) =>
  page.evaluate(() => document.activeElement?.textContent?.trim());

it("sends a visitor to sign in, and explains what is missing, accessibly", async () => {
  const page = await openPage(browser);
  const errors = watchConsole(page);
  await page.goto(portal.url);
  await expect.poll(() => page.locator("h1").textContent()).toBe("Sign in to Bernard");
  expect(page.url()).toBe(`${portal.url}/sign-in`);
  expect(await accessibilityViolations(page)).toEqual([]);

  await page.getByRole("button", { name: "Sign in" }).click();
  const summary = page.locator(".govuk-error-summary");
  await summary.waitFor();
  expect(await summary.locator("li").allTextContents()).toEqual([
    "Enter your email address",
    "Enter your password",
  ]);
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.className))
    .toContain("govuk-error-summary");
  expect(await page.locator("#email-error").textContent()).toBe("Error: Enter your email address");
  expect(await accessibilityViolations(page)).toEqual([]);

  await page.locator("#email").fill(ADMIN.email);
  await page.locator("#password").fill("not my password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect
    .poll(() => summary.locator("li").allTextContents())
    .toEqual(["Enter a correct email address and password."]);
  expect(errors).toEqual([]);
});

it("signs in and out with the keyboard alone, with the portal's styles and no accessibility violations", async () => {
  const page = await openPage(browser);
  const errors = watchConsole(page);
  await page.goto(`${portal.url}/sign-in`);
  await page.locator("h1").waitFor();

  await page.keyboard.press("Tab");
  expect(await focusedText(page)).toBe("Skip to main content");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await page.keyboard.type(ADMIN.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(ADMIN.password);
  await pressEnter(page);

  await expect
    .poll(() => page.locator("main").textContent())
    .toContain("Signed in as Administrator.");
  expect(page.url()).toBe(`${portal.url}/`);
  await expect
    .poll(() => page.locator(".govuk-summary-list").textContent())
    .toMatch(/Version0\.1\.0Installed on\d{1,2} \w+ \d{4}/);
  const headerColour = await page
    .locator(".govuk-generic-header")
    .evaluate((element) => getComputedStyle(element).backgroundColor);
  expect(headerColour).toBe("rgb(11, 12, 12)");
  expect(await accessibilityViolations(page)).toEqual([]);

  await page.getByRole("button", { name: "Sign out" }).focus();
  await pressEnter(page);
  await expect.poll(() => page.locator("h1").textContent()).toBe("You have signed out");
  expect(await accessibilityViolations(page)).toEqual([]);

  await page.goto(portal.url);
  await expect.poll(() => page.locator("h1").textContent()).toBe("Sign in to Bernard");
  expect(errors).toEqual([]);
});

/** Enter as two key events: Playwright's press("Enter") stalled when the keystroke sent a form. */
async function pressEnter(page: Page): Promise<void> {
  await page.keyboard.down("Enter");
  await page.keyboard.up("Enter");
}

it("serves the app for a deep link and answers unknown API routes with a 404 envelope", async () => {
  const page = await openPage(browser);
  expect((await page.goto(`${portal.url}/some/page`))?.status()).toBe(200);
  const api = await fetch(`${portal.url}/api/nope`);
  expect(api.status).toBe(404);
  expect(((await api.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
});
