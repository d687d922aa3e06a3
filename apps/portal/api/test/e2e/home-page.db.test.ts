import { accessibilityViolations, launchChromium, openPage } from "@bernard/ui/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestPortal } from "../portal-server.js";

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

it("shows the Bernard home page, styled, with this installation's details and no accessibility violations", async () => {
  const page = await openPage(browser);
  const errors: string[] = [];
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  await page.goto(portal.url);

  await expect.poll(() => page.locator("h1").textContent()).toBe("Bernard");
  await expect
    .poll(() => page.locator(".govuk-summary-list").textContent())
    .toMatch(/Version0\.1\.0Installed on\d{1,2} \w+ \d{4}/);
  // Styled by GOV.UK Frontend: the header is the Design System's black bar.
  const headerColour = await page
    .locator(".govuk-generic-header")
    .evaluate((element) => getComputedStyle(element).backgroundColor);
  expect(headerColour).toBe("rgb(11, 12, 12)");
  expect(
    await page.evaluate(() => document.body.classList.contains("govuk-frontend-supported")),
  ).toBe(true);

  expect(await accessibilityViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

it("works with the keyboard: the first Tab reaches the skip link, which moves focus to the main content", async () => {
  const page = await openPage(browser);
  await page.goto(portal.url);
  await page.locator("h1").waitFor();

  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
    "Skip to main content",
  );
  await page.keyboard.press("Enter");
  expect(page.url()).toMatch(/#main-content$/);
  await page.keyboard.press("Tab");
  expect(
    await page.evaluate(() => document.activeElement?.closest("main, footer, header")?.tagName),
  ).not.toBe("HEADER");
});

it("serves the home page for a deep link (the app's own router decides) and 404s unknown API routes", async () => {
  const page = await openPage(browser);
  const response = await page.goto(`${portal.url}/some/page`);
  expect(response?.status()).toBe(200);
  const api = await fetch(`${portal.url}/api/nope`);
  expect(api.status).toBe(404);
});
