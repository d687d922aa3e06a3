import { launchChromium, openPage } from "@bernard/ui/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPortalDatabase } from "../../src/services/database.js";
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

/** Marks the loaded document, so a later check tells whether the browser loaded another one. */
const markDocument = (page: Page) =>
  page.evaluate(() => Object.assign(window, { documentMark: "before" }));
const sameDocument = (page: Page) =>
  page.evaluate(() => (window as { documentMark?: string }).documentMark === "before");

it(
  "signs in, changes things and filters without loading the page again",
  { timeout: 90_000 },
  async () => {
    const page = await openPage(browser);
    // An address whose values read as numbers is still a page, not a crash.
    await page.goto(`${portal.url}/sign-in?next=2&problem=3`);
    await page.locator("#email").waitFor();
    await page.goto(`${portal.url}/sign-in?next=%2Fadmin%2Fusers`);
    await page.locator("#email").waitFor();
    await markDocument(page);
    await page.locator("#email").fill(ADMIN.email);
    await page.locator("#password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Users");
    expect(page.url()).toBe(`${portal.url}/admin/users`);

    // A new group appears in the table, and in the list of groups the server answers with.
    await page.locator("#group-name").fill("Finance team");
    await page.getByRole("button", { name: "Add group" }).click();
    await expect
      .poll(() => page.locator("#groups + .bernard-table-container table").textContent())
      .toContain("Finance team");
    expect(await sameDocument(page)).toBe(true);

    // A person's groups, and back to the users, are pages of the same app.
    await page
      .getByRole("link", { name: /change groups for/ })
      .first()
      .click();
    await expect.poll(() => page.locator("h1").textContent()).toMatch(/^Groups for /);
    await page.getByRole("link", { name: "Back to users" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Users");
    expect(await sameDocument(page)).toBe(true);

    // More than a page of the audit log: older entries are a link away, in the same document.
    const db = createPortalDatabase(portal.database);
    try {
      await db.auditEvent.createMany({
        data: Array.from({ length: 60 }, (_, n) => ({
          action: "test.filler",
          target: `entry ${n}`,
        })),
      });
    } finally {
      await db.$disconnect();
    }
    await page.goto(`${portal.url}/admin/audit`);
    await page.locator("tbody tr").first().waitFor();
    await markDocument(page);
    await page.getByRole("link", { name: "Older entries" }).click();
    await expect.poll(() => page.url()).toContain("page=2");
    await page.getByRole("link", { name: "Newer entries" }).waitFor();
    expect(await sameDocument(page)).toBe(true);
    // The address holds the page, so opening it again shows the same entries.
    await page.reload();
    await page.getByRole("link", { name: "Newer entries" }).waitFor();
    await markDocument(page);
    await page.locator("#action").fill("group.created");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect.poll(() => page.url()).toContain("action=group.created");
    await expect
      .poll(() => page.locator("tbody tr td:nth-child(2)").allTextContents())
      .toEqual(["group.created"]);
    expect(await sameDocument(page)).toBe(true);
  },
);
