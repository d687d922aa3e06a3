import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "@bernard/database";
import {
  accessibilityViolations,
  launchChromium,
  openPage,
  sidewaysScroll,
} from "@bernard/ui/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ADMIN, startTestPortal } from "../portal-server.js";
import { startFixtureTool } from "../tool-fixture.js";

// A tool the portal knows from its configuration but which starts after it, as on a busy machine.
let latePort: number;
let portal: Awaited<ReturnType<typeof startTestPortal>>;
let late: Awaited<ReturnType<typeof startFixtureTool>> | undefined;
let browser: Browser;
const screenshots = path.join(tmpdir(), "bernard-screenshots");
beforeAll(async () => {
  latePort = await findFreePort();
  portal = await startTestPortal({ tools: [{ id: "late", url: `http://127.0.0.1:${latePort}` }] });
  browser = await launchChromium();
  await mkdir(screenshots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await portal?.server.close();
  await late?.server.close();
});

async function signedIn(width = 1280): Promise<Page> {
  const page = await openPage(browser);
  await page.setViewportSize({ width, height: 900 });
  await page.goto(`${portal.url}/sign-in`);
  await page.locator("#email").fill(ADMIN.email);
  await page.locator("#password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect
    .poll(() => page.locator("main").textContent(), { timeout: 15_000 })
    .toContain("Signed in as");
  return page;
}

it(
  "gives every page its own title, starting with Error: while an error summary shows",
  { timeout: 120_000 },
  async () => {
    const page = await openPage(browser);
    await page.goto(`${portal.url}/sign-in`);
    await expect.poll(() => page.title()).toBe("Sign in – Bernard");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator(".govuk-error-summary").waitFor();
    await expect.poll(() => page.title()).toBe("Error: Sign in – Bernard");

    const admin = await signedIn();
    const titles: Record<string, string> = {
      "/": "Home – Bernard",
      "/account": "Change your password – Bernard",
      "/admin/tools": "Tools – Bernard",
      "/admin/tools/late": "late – Bernard",
      "/admin/models": "Models and usage – Bernard",
      "/admin/users": "Users – Bernard",
      "/admin/audit": "Audit log – Bernard",
    };
    for (const [address, title] of Object.entries(titles)) {
      await admin.goto(`${portal.url}${address}`);
      await expect.poll(() => admin.title(), { message: address }).toBe(title);
    }

    // The audit log's dates use the GOV.UK date input and its error messages.
    await admin.locator("#from-day").fill("31");
    await admin.locator("#from-month").fill("2");
    await admin.locator("#from-year").fill("2026");
    await admin.getByRole("button", { name: "Filter" }).click();
    await expect
      .poll(() => admin.locator(".govuk-error-summary li").allTextContents())
      .toEqual(["From must be a real date"]);
    expect(await admin.title()).toBe("Error: Audit log – Bernard");
    expect(await admin.locator(".govuk-error-summary a").getAttribute("href")).toBe("#from-day");
    expect(await accessibilityViolations(admin)).toEqual([]);
    await admin.locator("#from-day").fill("28");
    await admin.getByRole("button", { name: "Filter" }).click();
    await expect.poll(() => admin.url()).toContain("from=2026-02-28");
    await expect.poll(() => admin.title()).toBe("Audit log – Bernard");
  },
);

it(
  "answers 404 with the Page not found page for unknown addresses, users and tools",
  { timeout: 60_000 },
  async () => {
    const page = await signedIn();
    for (const address of [
      "/some/page",
      "/admin/tools/no-such-tool",
      `/admin/users/${randomUUID()}/groups`,
    ]) {
      const answer = await page.goto(`${portal.url}${address}`);
      expect(`${address} ${answer?.status()}`).toBe(`${address} 404`);
      await expect.poll(() => page.locator("h1").textContent()).toBe("Page not found");
      await expect.poll(() => page.title()).toBe("Page not found – Bernard");
    }
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(screenshots, "portal-404-1280.png"), fullPage: true });
    await page.setViewportSize({ width: 320, height: 900 });
    await page.screenshot({ path: path.join(screenshots, "portal-404-320.png"), fullPage: true });
  },
);

it(
  "reflows at 320 px: pages with tables never scroll sideways, the tables scroll in their own box",
  { timeout: 90_000 },
  async () => {
    const page = await signedIn(320);
    for (const address of ["/admin/users", "/admin/audit", "/admin/tools", "/admin/models"]) {
      await page.goto(`${portal.url}${address}`);
      await page.locator("table").first().waitFor();
      const scroll = await sidewaysScroll(page);
      expect({ address, pixels: scroll.pixels }, scroll.reaching.join()).toEqual({
        address,
        pixels: 0,
      });
      expect(await accessibilityViolations(page)).toEqual([]);
    }
    await page.goto(`${portal.url}/admin/users`);
    await page.locator("table").first().waitFor();
    await page.screenshot({ path: path.join(screenshots, "portal-users-320.png"), fullPage: true });
  },
);

it(
  "shows a tool's own name and description once it answers, though it started after the portal",
  { timeout: 90_000 },
  async () => {
    const page = await signedIn();
    // Not started yet: the catalogue can only say its id.
    await expect.poll(() => page.locator(".bernard-catalogue").textContent()).toContain("late");
    expect(await page.locator(".bernard-catalogue").textContent()).not.toContain("(test tool)");

    late = await startFixtureTool(
      "late",
      { url: portal.url, issuer: "http://portal.test" },
      latePort,
    );
    // No admin opens the Tools page: reloading the home page is enough, within the back-off.
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator(".bernard-catalogue").textContent();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toContain("Late (test tool)");
    expect(await page.locator(".bernard-catalogue").textContent()).toContain(
      "A tool that only exists in the portal's tests.",
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(screenshots, "portal-home-1280.png"), fullPage: true });
    await page.setViewportSize({ width: 320, height: 900 });
    expect((await sidewaysScroll(page)).pixels).toBe(0);
    await page.screenshot({ path: path.join(screenshots, "portal-home-320.png"), fullPage: true });
  },
);
