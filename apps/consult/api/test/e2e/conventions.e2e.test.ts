import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { accessibilityViolations, sidewaysScroll } from "@bernard/ui/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startBernard } from "./bernard.js";

const TOOL = "Consultation sorter – Bernard";
const screenshots = path.join(tmpdir(), "bernard-screenshots");

let bernard: Awaited<ReturnType<typeof startBernard>>;
beforeAll(async () => {
  bernard = await startBernard({ name: "consult-conventions" });
  await mkdir(screenshots, { recursive: true });
}, 120_000);
afterAll(() => bernard?.stop());

const check = async (page: Page) => expect(await accessibilityViolations(page)).toEqual([]);

it(
  "titles every page, keeps the portal's navigation in the header, and uses the GOV.UK date input",
  { timeout: 120_000 },
  async () => {
    const page = await bernard.signedIn();
    await expect.poll(() => page.title()).toBe(`Consultations – ${TOOL}`);
    // The portal's own links stay in the header inside the tool, the admin pages too for admins.
    const portalLinks = page.getByRole("navigation", { name: "Bernard" }).getByRole("link");
    expect(await portalLinks.allTextContents()).toEqual([
      "Home",
      "Your account",
      "Tools",
      "Models",
      "Users",
      "Audit log",
    ]);
    expect(await page.locator(".govuk-service-navigation__service-name").textContent()).toBe(
      "Consultation sorter",
    );

    await page.goto(`${bernard.url}/tools/consult/new`);
    await expect.poll(() => page.title()).toBe(`Create a consultation – ${TOOL}`);
    await page.locator("#title").fill("Rural broadband");
    await page.locator("#opensOn-day").fill("31");
    await page.locator("#opensOn-month").fill("2");
    await page.locator("#opensOn-year").fill("2026");
    await page.locator("#closesOn-day").fill("30");
    await page.locator("#closesOn-month").fill("sep");
    await page.getByRole("button", { name: "Create consultation" }).click();
    await expect
      .poll(() => page.locator(".govuk-error-summary li").allTextContents())
      .toEqual(["Opened on must be a real date", "Closed on must include a year"]);
    expect(await page.title()).toBe(`Error: Create a consultation – ${TOOL}`);
    expect(await page.locator("#opensOn-day").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#closesOn-year").getAttribute("aria-invalid")).toBe("true");
    await check(page);

    await page.locator("#opensOn-day").fill("1");
    await page.locator("#closesOn-year").fill("2026");
    await page.getByRole("button", { name: "Create consultation" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Rural broadband");
    expect(await page.title()).toBe(`Rural broadband – ${TOOL}`);
    // Dates read as GOV.UK writes them.
    const summary = await page.locator(".govuk-summary-list").textContent();
    expect(summary).toContain("Opened on1 February 2026");
    expect(summary).toContain("Closed on30 September 2026");
    await check(page);
  },
);

it(
  "answers 404 with Page not found for an unknown address and for a consultation, question or response that does not exist",
  { timeout: 120_000 },
  async () => {
    const page = await bernard.signedIn();
    for (const address of [
      "/tools/consult/no-such-page",
      `/tools/consult/c/${randomUUID()}`,
      `/tools/consult/q/${randomUUID()}/responses`,
      `/tools/consult/r/${randomUUID()}`,
    ]) {
      const answer = await page.goto(`${bernard.url}${address}`);
      expect(`${address} ${answer?.status()}`).toBe(`${address} 404`);
      await expect.poll(() => page.locator("h1").textContent()).toBe("Page not found");
      expect(await page.title()).toBe(`Page not found – ${TOOL}`);
    }
    await check(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(screenshots, "sorter-404-1280.png"), fullPage: true });
    await page.setViewportSize({ width: 320, height: 900 });
    await page.screenshot({ path: path.join(screenshots, "sorter-404-320.png"), fullPage: true });
  },
);

it(
  "reflows at 320 px: the consultations, a consultation and its themes never scroll sideways",
  { timeout: 120_000 },
  async () => {
    const page = await bernard.signedIn();
    await page.setViewportSize({ width: 320, height: 900 });
    const noSidewaysScroll = async (name: string) => {
      await page.locator("table").first().waitFor();
      const scroll = await sidewaysScroll(page);
      expect({ name, pixels: scroll.pixels }, scroll.reaching.join()).toEqual({ name, pixels: 0 });
      await check(page);
    };
    await noSidewaysScroll("consultations");
    // The demo consultation seeded on first start; its themes found with the offline engine.
    await page.getByRole("link", { name: /\(demo\)/ }).click();
    await noSidewaysScroll("consultation");
    await page.getByRole("link", { name: "Themes for question 1" }).click();
    await expect.poll(() => page.title()).toMatch(/themes – /);
    await page.getByRole("button", { name: "Find themes" }).click();
    await noSidewaysScroll("themes");
    await page.screenshot({
      path: path.join(screenshots, "sorter-themes-320.png"),
      fullPage: true,
    });
  },
);
