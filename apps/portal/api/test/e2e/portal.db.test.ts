import { accessibilityViolations, launchChromium, openPage } from "@bernard/ui/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPortalDatabase } from "../../src/services/database.js";
import { createUser } from "../../src/services/users.js";
import { ADMIN, startPortalWithTool } from "../portal-server.js";

let portal: Awaited<ReturnType<typeof startPortalWithTool>>["portal"];
let tool: Awaited<ReturnType<typeof startPortalWithTool>>["tool"];
let browser: Browser;
beforeAll(async () => {
  ({ portal, tool } = await startPortalWithTool("notes"));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await portal?.server.close();
  await tool?.server.close();
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

  // Typed key by key: the error summary must not take focus back while someone corrects a field.
  await page.locator("#email").focus();
  await page.keyboard.type(ADMIN.email);
  expect(await page.locator("#email").inputValue()).toBe(ADMIN.email);
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

it("serves the app for a deep link, a 404 page for an unknown one, and a 404 envelope for an unknown API route", async () => {
  const page = await openPage(browser);
  await signInThroughThePage(page, ADMIN.email, ADMIN.password);
  expect((await page.goto(`${portal.url}/admin/users`))?.status()).toBe(200);
  expect((await page.goto(`${portal.url}/some/page`))?.status()).toBe(404);
  await expect.poll(() => page.locator("h1").textContent()).toBe("Page not found");
  expect(await page.title()).toMatch(/^Page not found/);
  expect(await accessibilityViolations(page)).toEqual([]);
  const api = await fetch(`${portal.url}/api/nope`);
  expect(api.status).toBe(404);
  expect(((await api.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
});

it("stays on the portal after signing in, whatever ?next= says", async () => {
  const page = await openPage(browser);
  // Tabs, newlines and backslashes that a browser drops or reads as "/" on the way to another site.
  const spellings = [
    "/%09/evil.example/d",
    "/%0a/evil.example/d",
    "/%0d/evil.example/d",
    "/%09%5Cevil.example/d",
    "/..//evil.example/d",
  ];
  await page.goto(`${portal.url}/sign-in?next=${spellings[0]}`);
  await page.locator("#email").fill(ADMIN.email);
  await page.locator("#password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect.poll(() => page.locator("main").textContent()).toContain("Signed in as");
  expect(page.url()).toBe(`${portal.url}/`);
  // Signed in already: the sign-in page sends people straight on, through the same check.
  for (const next of spellings.slice(1)) {
    await page.goto(`${portal.url}/sign-in?next=${next}`);
    await expect.poll(() => page.locator("main").textContent()).toContain("Signed in as");
    expect(page.url()).toBe(`${portal.url}/`);
  }
});

async function signInThroughThePage(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${portal.url}/sign-in`);
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect.poll(() => page.locator("main").textContent()).toContain("Signed in as");
}

it("lets an admin invite someone who sets a password and signs in, then deactivate them", async () => {
  const adminPage = await openPage(browser);
  const errors = watchConsole(adminPage);
  await signInThroughThePage(adminPage, ADMIN.email, ADMIN.password);
  await adminPage.getByRole("link", { name: "Users" }).click();
  await expect.poll(() => adminPage.locator("h1").textContent()).toBe("Users");
  expect(await accessibilityViolations(adminPage)).toEqual([]);

  await adminPage.getByRole("button", { name: "Create invitation" }).click();
  await expect
    .poll(() => adminPage.locator(".govuk-error-summary li").allTextContents())
    .toEqual(["Enter their email address", "Enter their name"]);
  expect(await accessibilityViolations(adminPage)).toEqual([]);

  await adminPage.locator("#name").fill("Grace Hopper");
  await adminPage.locator("#email").fill("grace@example.gov.uk");
  await adminPage.getByRole("button", { name: "Create invitation" }).click();
  const link = adminPage.locator("#invitation-link");
  await link.waitFor();
  const invitationUrl = (await link.textContent())!;
  expect(invitationUrl).toMatch(/\/invitation\/[\w-]{40,}$/);
  await expect
    .poll(() => adminPage.locator("table").textContent())
    .toContain("grace@example.gov.uk");
  expect(await accessibilityViolations(adminPage)).toEqual([]);

  const gracePage = await openPage(browser);
  await gracePage.goto(`${portal.url}${new URL(invitationUrl).pathname}`);
  await expect
    .poll(() => gracePage.locator("h1").textContent())
    .toBe("Welcome to Bernard, Grace Hopper");
  expect(await accessibilityViolations(gracePage)).toEqual([]);
  await gracePage.locator("#password").fill("grace");
  await gracePage.getByRole("button", { name: "Set password" }).click();
  await expect
    .poll(() => gracePage.locator("#password-error").textContent())
    .toContain("Use at least 12 characters");
  await gracePage.locator("#password").fill("harbour violet engine");
  await gracePage.getByRole("button", { name: "Set password" }).click();
  await expect.poll(() => gracePage.locator("h1").textContent()).toBe("Your password is set");

  await signInThroughThePage(gracePage, "grace@example.gov.uk", "harbour violet engine");
  expect(await gracePage.getByRole("link", { name: "Users" }).count()).toBe(0);
  await gracePage.goto(`${portal.url}/admin/users`);
  await expect.poll(() => gracePage.locator("h1").textContent()).toBe("You cannot see this page");

  await adminPage.getByRole("button", { name: "Reset password of Grace Hopper" }).click();
  await expect
    .poll(() => adminPage.locator(".govuk-notification-banner__title").first().textContent())
    .toBe("Password reset");
  await gracePage.goto(portal.url);
  await expect.poll(() => gracePage.locator("h1").textContent()).toBe("Sign in to Bernard");

  await adminPage.getByRole("button", { name: "Deactivate Grace Hopper" }).click();
  await expect
    .poll(() => adminPage.locator("[role=status]").textContent())
    .toBe("Grace Hopper is now deactivated (user).");
  await gracePage.goto(portal.url);
  await expect.poll(() => gracePage.locator("h1").textContent()).toBe("Sign in to Bernard");
  expect(errors).toEqual([]);
});

it("shows admins the audit log, filtered from the address, with a CSV download of the same entries", async () => {
  const page = await openPage(browser);
  const errors = watchConsole(page);
  await signInThroughThePage(page, ADMIN.email, ADMIN.password);
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect.poll(() => page.locator("h1").textContent()).toBe("Audit log");
  await expect.poll(() => page.locator("table").textContent()).toContain("sign-in.succeeded");
  expect(await accessibilityViolations(page)).toEqual([]);

  await page.locator("#action").fill("sign-in.succeeded");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect.poll(() => page.url()).toContain("action=sign-in.succeeded");
  await page.locator("tbody tr").first().waitFor();
  const actions = await page.locator("tbody tr td:nth-child(2)").allTextContents();
  expect(new Set(actions)).toEqual(new Set(["sign-in.succeeded"]));
  expect(
    await page.getByRole("link", { name: "Download these entries as CSV" }).getAttribute("href"),
  ).toBe("/api/admin/audit.csv?action=sign-in.succeeded&who=&from=&to=");
  expect(await accessibilityViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

it("lets a person change their own password, saying what is wrong first", async () => {
  const db = createPortalDatabase(portal.database);
  await createUser(db, {
    email: "ada@example.gov.uk",
    name: "Ada",
    role: "user",
    password: "pebble window thunder",
  });
  await db.$disconnect();
  const page = await openPage(browser);
  const errors = watchConsole(page);
  await signInThroughThePage(page, "ada@example.gov.uk", "pebble window thunder");
  await page.getByRole("link", { name: "Your account" }).click();
  await expect.poll(() => page.locator("h1").textContent()).toBe("Change your password");
  expect(await accessibilityViolations(page)).toEqual([]);

  await page.locator("#currentPassword").fill("not my password");
  await page.locator("#newPassword").fill("crimson lantern harbour");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect
    .poll(() => page.locator(".govuk-error-summary li").allTextContents())
    .toEqual(["Your current password is not right."]);
  expect(await accessibilityViolations(page)).toEqual([]);

  await page.locator("#currentPassword").fill("pebble window thunder");
  await page.locator("#newPassword").fill("crimson lantern harbour");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect
    .poll(() => page.locator(".govuk-notification-banner").textContent())
    .toContain("Your password has been changed.");
  expect(await accessibilityViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

it("lets an admin create a group and put someone in it", async () => {
  const db = createPortalDatabase(portal.database);
  await createUser(db, {
    email: "lin@example.gov.uk",
    name: "Lin",
    role: "user",
    password: "orchard signal canvas",
  });
  await db.$disconnect();
  const page = await openPage(browser);
  const errors = watchConsole(page);
  await signInThroughThePage(page, ADMIN.email, ADMIN.password);
  await page.goto(`${portal.url}/admin/users`);
  await page.locator("#group-name").fill("Policy team");
  await page.getByRole("button", { name: "Add group" }).click();
  await expect
    .poll(() => page.locator("#groups + .bernard-table-container table").textContent())
    .toContain("Policy team");

  await page.getByRole("link", { name: "None (change groups for Lin)" }).click();
  await expect.poll(() => page.locator("h1").textContent()).toBe("Groups for Lin");
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.getByLabel("Policy team").check();
  await page.getByRole("button", { name: "Save groups" }).click();
  await expect
    .poll(() => page.locator(".govuk-notification-banner").textContent())
    .toContain("Groups saved for Lin.");

  await page.getByRole("link", { name: "Back to users" }).click();
  await expect
    .poll(() => page.getByRole("link", { name: "Policy team (change groups for Lin)" }).count())
    .toBe(1);
  expect(await accessibilityViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

it("shows a person their tools, opens one, and removes it at once when an admin switches it off", async () => {
  const db = createPortalDatabase(portal.database);
  await createUser(db, {
    email: "tom@example.gov.uk",
    name: "Tom",
    role: "user",
    password: "velvet compass meadow",
  });
  await db.$disconnect();
  const tomPage = await openPage(browser);
  const tomErrors = watchConsole(tomPage);

  // Opening a tool while signed out: sign in first, then straight on to the tool.
  await tomPage.goto(`${portal.url}/tools/notes/`);
  await expect.poll(() => tomPage.locator("h1").textContent()).toBe("Sign in to Bernard");
  expect(tomPage.url()).toBe(`${portal.url}/sign-in?next=%2Ftools%2Fnotes%2F`);
  await tomPage.locator("#email").fill("tom@example.gov.uk");
  await tomPage.locator("#password").fill("velvet compass meadow");
  await tomPage.getByRole("button", { name: "Sign in" }).click();
  await expect.poll(() => tomPage.locator("h1").textContent()).toBe("Notes (test tool)");
  expect(tomPage.url()).toBe(`${portal.url}/tools/notes/`);

  await tomPage.goto(portal.url);
  const toolLink = tomPage.getByRole("link", { name: "Notes (test tool)" });
  await toolLink.waitFor();
  expect(await tomPage.locator(".bernard-catalogue").textContent()).toContain(
    "A tool that only exists in the portal's tests.",
  );
  expect(await accessibilityViolations(tomPage)).toEqual([]);
  await toolLink.focus();
  await pressEnter(tomPage);
  await expect.poll(() => tomPage.locator("h1").textContent()).toBe("Notes (test tool)");
  expect(await accessibilityViolations(tomPage)).toEqual([]);

  const adminPage = await openPage(browser);
  const adminErrors = watchConsole(adminPage);
  await signInThroughThePage(adminPage, ADMIN.email, ADMIN.password);
  await adminPage.getByRole("link", { name: "Tools" }).click();
  await expect.poll(() => adminPage.locator("h1").textContent()).toBe("Tools");
  await expect.poll(() => adminPage.locator("tbody").textContent()).toContain("Healthy");
  expect(await adminPage.locator("tbody").textContent()).toContain("2.3.4");
  expect(await accessibilityViolations(adminPage)).toEqual([]);

  await adminPage.getByRole("link", { name: "Change Notes (test tool)" }).click();
  await expect.poll(() => adminPage.locator("h1").textContent()).toBe("Notes (test tool)");
  expect(await accessibilityViolations(adminPage)).toEqual([]);
  // Keyboard only: choose "Off" and save.
  await adminPage.getByLabel("Off").focus();
  await adminPage.keyboard.press("Space");
  await adminPage.getByRole("button", { name: "Save" }).focus();
  await pressEnter(adminPage);
  await expect
    .poll(() => adminPage.locator(".govuk-notification-banner").textContent())
    .toContain("Notes (test tool) is switched off for everyone.");
  expect(await accessibilityViolations(adminPage)).toEqual([]);

  await tomPage.goto(portal.url);
  await expect
    .poll(() => tomPage.locator("main").textContent())
    .toContain("There are no tools for you yet.");
  const refused = await tomPage.goto(`${portal.url}/tools/notes/`);
  expect(refused?.status()).toBe(403);
  await expect.poll(() => tomPage.locator("h1").textContent()).toBe("You cannot open this tool");
  expect(await accessibilityViolations(tomPage)).toEqual([]);

  await adminPage.goto(`${portal.url}/admin/audit?action=tool.disabled`);
  await expect.poll(() => adminPage.locator("tbody").textContent()).toContain("notes");
  await adminPage.goto(`${portal.url}/admin/audit?action=tool.opened`);
  await expect.poll(() => adminPage.locator("tbody").textContent()).toContain("tom@example.gov.uk");
  expect(await accessibilityViolations(adminPage)).toEqual([]);
  expect(tomErrors).toEqual([]);
  expect(adminErrors).toEqual([]);
});
