import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startBernard, type TestBernard } from "@bernard/launcher/testing";
import {
  accessibilityViolations,
  launchChromium,
  openPage,
  sidewaysScroll,
} from "@bernard/ui/testing";
import JSZip from "jszip";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { longDate } from "../../src/engine/draft.js";
import { addWorkingDays } from "../../src/intake/deadline.js";

const fixtures = path.resolve(import.meta.dirname, "../fixtures");
const screenshots = path.join(tmpdir(), "letters-screenshots");
const APPROVER = {
  email: "priya@example.gov.uk",
  name: "Priya Shah",
  password: "amber harbour willow",
};

let bernard: TestBernard;
let browser: Browser;
beforeAll(async () => {
  bernard = await startBernard({ name: "letters-journey", tools: ["letters"] });
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await bernard?.stop();
});

/** No accessibility problems, a title naming the page and the tool, and a screenshot to look at. */
const check = async (page: Page, name: string) => {
  expect(await accessibilityViolations(page)).toEqual([]);
  expect(await page.title()).toMatch(/ – Letter drafter – Bernard$/);
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
};
const heading = (page: Page) => page.locator("h1").textContent();

/** A colleague the signed-in admin invites through the portal's API and puts in `groups`. */
async function addColleague(page: Page, groups: string[]) {
  await page.evaluate(
    async ({ person, groups }) => {
      const { csrfToken } = (await (await fetch("/api/session")).json()) as { csrfToken: string };
      const send = async (method: string, url: string, body: unknown) => {
        const answer = await fetch(url, {
          method,
          headers: { "x-csrf-token": csrfToken, "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        if (!answer.ok) throw new Error(`${method} ${url}: ${answer.status}`);
        const text = await answer.text();
        return (text ? JSON.parse(text) : {}) as Record<string, string>;
      };
      const { link } = await send("POST", "/api/admin/users/invitations", {
        email: person.email,
        name: person.name,
        role: "user",
      });
      await send("POST", `/api/invitations/${new URL(link!).pathname.split("/").pop()}/accept`, {
        password: person.password,
      });
      const groupIds = [];
      for (const name of groups)
        groupIds.push((await send("POST", "/api/admin/groups", { name })).id);
      const users = (await (await fetch("/api/admin/users")).json()) as {
        id: string;
        email: string;
      }[];
      const user = users.find((found) => found.email === person.email)!;
      await send("PUT", `/api/admin/users/${user.id}/groups`, { groupIds });
    },
    { person: APPROVER, groups },
  );
}

it(
  "imports lines, logs an MP's email, drafts offline, replaces a placeholder from a line, is returned and approved, and exports Word",
  { timeout: 300_000 },
  async () => {
    const page = await openPage(browser);
    await bernard.signIn(page, "/tools/letters/");
    await expect.poll(() => heading(page)).toBe("Cases");
    await check(page, "1-cases");
    await addColleague(page, ["Correspondence", "Letter approvers"]);

    // Settings: the letterhead and who approves.
    await page.getByRole("link", { name: "Settings" }).first().click();
    await expect.poll(() => heading(page)).toBe("Settings");
    await page.locator("#department").fill("Home Office");
    await page.locator("#signatureName").fill("Sam Jones");
    await page.locator("#approverGroups").fill("Letter approvers");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect
      .poll(() => page.locator("main").textContent())
      .toContain("The settings are saved.");
    await page.locator("#logo").setInputFiles(path.join(fixtures, "crest.png"));
    await page.getByRole("button", { name: "Save the logo" }).click();
    await expect.poll(() => page.locator("main").textContent()).toContain("The logo is saved.");
    expect(await page.locator("main").textContent()).toContain("PNG logo, 1 by 1 pixels");
    await check(page, "2-settings");

    // Lines to take, from JSON Lines.
    await page.getByRole("link", { name: "Lines to take" }).first().click();
    await expect.poll(() => heading(page)).toBe("Lines to take");
    await page.locator("#file").setInputFiles(path.join(fixtures, "lines.jsonl"));
    await page.locator("#owner").fill("Passports policy");
    await page.getByRole("button", { name: "Import lines" }).click();
    await expect.poll(() => page.getByTestId("import-result").textContent()).toContain("5 new");
    await expect
      .poll(() => page.locator("main table").textContent())
      .toContain("PASS-03 expired on 2020-12-31.");
    await check(page, "3-lines");

    // The MP's email, read and checked.
    await page.getByRole("link", { name: "Log a letter" }).first().click();
    await expect.poll(() => heading(page)).toBe("Log a letter");
    await check(page, "4-log-a-letter");
    await page.locator("#file").setInputFiles(path.join(fixtures, "mp-letter.eml"));
    await page.getByRole("button", { name: "Read the letter" }).click();
    await expect.poll(() => heading(page)).toBe("Check the letter's details");
    expect(await page.locator("#mpName").inputValue()).toBe("Jane Smith");
    expect(await page.locator("#constituency").inputValue()).toBe("Leeds Central");
    expect(await page.locator("#mpReference").inputValue()).toBe("JS/2026/0142");
    expect(await page.locator("#constituentName").inputValue()).toBe("Mr Robert Brown");
    expect(
      await Promise.all(
        ["day", "month", "year"].map((part) => page.locator(`#letterDate-${part}`).inputValue()),
      ),
    ).toEqual(["3", "3", "2026"]);
    expect((await page.locator("#points").inputValue()).split("\n\n")).toHaveLength(2);
    const today = new Date().toISOString().slice(0, 10);
    const deadline = longDate(addWorkingDays(today, 20));
    expect(await page.getByTestId("deadline").textContent()).toContain(deadline);
    await check(page, "5-check-details");
    await page.locator("#topic").fill("Passports");
    await page.locator("#team").fill("Correspondence");
    await page.getByRole("button", { name: "Log the case" }).click();
    await expect.poll(() => heading(page)).toMatch(/^Case MC-\d{6}$/);
    expect(await page.locator("main").textContent()).toContain(`Deadline ${deadline}`);
    const caseUrl = page.url();
    await check(page, "6-case");

    // Its details changed: a later received date moves the deadline it was counted from.
    await page.getByRole("link", { name: "Change the case's details" }).click();
    await expect.poll(() => heading(page)).toBe("Change the case's details");
    await check(page, "6a-change-details");
    const received = addWorkingDays(today, 1);
    const [year, month, day] = received.split("-").map(Number);
    await page.locator("#receivedOn-day").fill(String(day));
    await page.locator("#receivedOn-month").fill(String(month));
    await page.locator("#receivedOn-year").fill(String(year));
    await page.getByRole("button", { name: "Save the details" }).click();
    await expect.poll(() => heading(page)).toMatch(/^Case MC-\d{6}$/);
    await expect
      .poll(() => page.locator(".govuk-notification-banner--success").textContent())
      .toContain("The case's details were saved.");
    const movedDeadline = longDate(addWorkingDays(received, 20));
    await expect
      .poll(() => page.locator("main").textContent())
      .toContain(`Deadline ${movedDeadline}`);
    await expect
      .poll(() => page.locator("main").textContent())
      .toContain("Changed the case's details");

    // The same letter again, for another MP's constituent: one campaign, answered once.
    await page.getByRole("link", { name: "Log a letter" }).first().click();
    await page.locator("#file").setInputFiles(path.join(fixtures, "mp-letter.eml"));
    await page.getByRole("button", { name: "Read the letter" }).click();
    await expect.poll(() => heading(page)).toBe("Check the letter's details");
    expect(await page.locator("main").textContent()).toContain("This letter has the same text as");
    await page.locator("#mpName").fill("Tom Brown");
    await page.locator("#topic").fill("Passports");
    await page.locator("#team").fill("Correspondence");
    await check(page, "6b-check-campaign-letter");
    await page.getByRole("button", { name: "Log the case" }).click();
    await expect.poll(() => heading(page)).toMatch(/^Case MC-\d{6}$/);
    await expect
      .poll(() => page.locator("main").textContent())
      .toContain("One of 2 letters with the same text");
    const memberUrl = page.url();
    await check(page, "6c-campaign-member");
    await page.goto(caseUrl);
    await expect
      .poll(() => page.locator("main").textContent())
      .toContain("This case leads a campaign of 2 letters");

    // Drafted offline: one point has no approved line, and says so.
    // No model is set up: the offline engine, and why the model is not offered.
    await expect.poll(() => page.locator("main").textContent()).toContain("No AI model is set up");
    await page.getByRole("button", { name: "Draft the reply" }).click();
    await expect.poll(() => page.locator(".bernard-reply__placeholder").count()).toBe(1);
    expect(await page.locator(".bernard-reply__placeholder").textContent()).toContain(
      "[No approved line: He also asks whether a passport counter will open in Leeds",
    );
    expect(await page.getByTestId("checks").textContent()).toContain(
      "no approved line answers this point",
    );
    // Both current fee lines answer the first point; the expired one is never used.
    const policy = (await page.locator(".bernard-reply__policy").allTextContents()).join("\n");
    expect(policy).toContain("PASS-01");
    expect(policy).toContain("PASS-02");
    expect(policy).not.toContain("PASS-03");
    await check(page, "7-drafted");

    // The placeholder replaced from the line closest to the point; the checks then pass.
    await page.locator(".bernard-reply__placeholder").getByText("Replace it with a line").click();
    await page.getByRole("button", { name: "Use line OFFICE-01" }).click();
    await expect.poll(() => page.locator(".bernard-reply__placeholder").count()).toBe(0);
    await expect
      .poll(() => page.getByTestId("checks").textContent())
      .toContain("Nothing: every policy sentence is an approved line.");
    expect(await page.getByTestId("checks").textContent()).toContain(
      "The reply passes the house style checks.",
    );
    await check(page, "8-line-used");
    // The first version, kept as it was.
    await page.getByRole("link", { name: "Version 1", exact: true }).click();
    await expect.poll(() => heading(page)).toBe("Version 1 of the reply");
    expect(await page.locator(".bernard-reply__placeholder").count()).toBe(1);
    await check(page, "8a-version-1");
    await page.getByRole("link", { name: /^Back to case/ }).click();
    await expect.poll(() => heading(page)).toMatch(/^Case MC-\d{6}$/);
    // The case page reflows at 320 pixels wide (WCAG 1.4.10).
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await sidewaysScroll(page)).toEqual({ pixels: 0, reaching: [] });
    await page.setViewportSize({ width: 1280, height: 720 });

    await page.getByRole("button", { name: "Send for approval" }).click();
    await expect
      .poll(() => page.locator("main").textContent())
      .toContain("The reply is with the approver.");

    // The approver returns it with a comment.
    const approver = await openPage(browser);
    await bernard.signIn(approver, new URL(caseUrl).pathname, APPROVER);
    await expect.poll(() => heading(approver)).toMatch(/^Case MC-/);
    await approver.locator("#return-comment").fill("Say how long an application takes.");
    await approver.getByRole("button", { name: "Return with comment" }).click();
    await expect
      .poll(() => approver.getByTestId("comment").textContent())
      .toContain("Say how long an application takes.");
    await check(approver, "9-returned");

    await page.reload();
    await expect.poll(() => page.getByTestId("comment").textContent()).toContain("Priya Shah");
    await page.getByRole("button", { name: "Send for approval" }).click();
    await expect
      .poll(() => page.locator("main").textContent())
      .toContain("The reply is with the approver.");

    await approver.reload();
    await approver.getByRole("button", { name: "Approve the reply" }).click();
    await expect
      .poll(() => approver.locator("main").textContent())
      .toContain("You approved the reply.");
    await check(approver, "10-approved");
    // The campaign's other letter is answered with it, addressed to its own MP.
    await approver.goto(memberUrl);
    await expect
      .poll(() => approver.locator(".bernard-reply").textContent())
      .toContain("Dear Tom Brown,");
    expect(await approver.locator("main").textContent()).toContain("Approved by");
    await check(approver, "10a-campaign-answered");
    await approver.goto(caseUrl);

    // The Word letter on the letterhead, opened.
    const [download] = await Promise.all([
      approver.waitForEvent("download"),
      approver.getByRole("link", { name: /Word document on the letterhead/ }).click(),
    ]);
    const zip = await JSZip.loadAsync(await readFile(await download.path()));
    const words = (await zip.file("word/document.xml")!.async("string")).replace(/<[^>]+>/g, " ");
    expect(words).toContain("Home Office");
    expect(Object.keys(zip.files).filter((file) => file.startsWith("word/media/"))).toHaveLength(1);
    expect(words).toContain("Your reference: JS/2026/0142");
    expect(words).toContain("Dear Jane Smith,");
    expect(words).toContain("on behalf of your constituent, Mr Robert Brown");
    expect(words).toContain("People can apply for a passport online or by post.");
    expect(words).toContain("Sam Jones");

    await approver.getByRole("button", { name: "Mark as sent" }).click();
    await expect
      .poll(() => approver.locator("main").textContent())
      .toContain("The reply is marked as sent.");
    await expect
      .poll(() => approver.locator("main").textContent())
      .toContain("Downloaded the letter");

    await page.getByRole("link", { name: "Cases" }).first().click();
    await expect.poll(() => heading(page)).toBe("Cases");
    await expect.poll(() => page.locator("main").textContent()).toContain("100% (1 of 1)");
    await check(page, "11-dashboard");
  },
);
