import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { accessibilityViolations, launchChromium } from "@bernard/ui/testing";
import JSZip from "jszip";
import type { Page } from "playwright-core";
import { startFakeOpenAi, type FakeOpenAi } from "@bernard/llm/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { invite, startToolInBrowser } from "@bernard/launcher/testing";
import { shortenSummary } from "../fake-model.js";

let fake: FakeOpenAi;
let bernard: Awaited<ReturnType<typeof startToolInBrowser>>;
beforeAll(async () => {
  // The AI edit's model, behind the portal's gateway (the provider is the portal's alone).
  fake = await startFakeOpenAi({
    reply: shortenSummary,
    transcribe: () =>
      "Priya Shah: Good morning. Apologies from Sam Okafor.\nTom O'Neill: Morning, Chair.\nGrace Lee: Good morning, all.",
  });
  // The portal and the summariser as `pnpm start` would run them, on ports of their own.
  bernard = await startToolInBrowser({
    name: "minutes-journey",
    modelUrl: fake.url,
    tool: "minutes",
    startHeading: "Meetings",
    browser: launchChromium(),
  });
}, 120_000);
afterAll(async () => {
  await bernard?.stop();
  await fake?.close();
});

const screenshots = path.join(tmpdir(), "minutes-screenshots");
const COLLEAGUE = {
  email: "grace@example.gov.uk",
  name: "Grace Lee",
  password: "amber harbour willow",
};

/** No accessibility problems, a title naming the page and the tool, and a screenshot to look at. */
const check = async (page: Page, name: string) => {
  const violations = await accessibilityViolations(page);
  expect(violations).toEqual([]);
  expect(await page.title()).toMatch(/ – Minute summariser – Bernard$/);
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
};

it(
  "uploads a Teams transcript, drafts offline, traces a point, edits an action, circulates, takes a comment, is agreed and exports Word",
  { timeout: 180_000 },
  async () => {
    const page = await bernard.signedIn();
    await check(page, "1-meetings");
    await invite(page, COLLEAGUE);

    await page.getByRole("button", { name: "Create a meeting" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Create a meeting");
    await page.getByRole("button", { name: "Create meeting" }).click();
    await expect
      .poll(() => page.locator(".govuk-error-summary li").allTextContents())
      .toContain("Enter the meeting's title");
    await check(page, "2-new-meeting-errors");
    await page.locator("#title").fill("Depot review");
    await page.locator("#date-day").fill("4");
    await page.locator("#date-month").fill("3");
    await page.locator("#date-year").fill("2026");
    await page.locator("#chair").fill("Administrator");
    await page.getByLabel("Everyone who uses the minute summariser").check();
    await page.waitForTimeout(1_000);
    await page.getByRole("button", { name: "Create meeting" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Depot review");
    await check(page, "3-meeting");

    // The details are changed on their own page, opened inside the app; a new template shows at once.
    await page.evaluate(() => Object.assign(window, { documentMark: "meeting" }));
    await page.getByRole("link", { name: "Change template" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Change the meeting's details");
    expect(await page.evaluate(() => (window as { documentMark?: string }).documentMark)).toBe(
      "meeting",
    );
    expect(await page.getByLabel("Formal minutes (Cabinet style)").isChecked()).toBe(true);
    await page.locator("#title").fill("");
    await page.getByLabel("Note of meeting").check();
    await page.getByRole("button", { name: "Save the details" }).click();
    await expect
      .poll(() => page.locator(".govuk-error-summary li").allTextContents())
      .toEqual(["Enter the meeting's title"]);
    await check(page, "3a-details-errors");
    await page.locator("#title").fill("Depot review");
    await page.getByRole("button", { name: "Save the details" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Depot review");
    await expect
      .poll(() => page.locator(".govuk-notification-banner--success").textContent())
      .toContain("The meeting's details were saved.");
    const templateRow = page.locator(".govuk-summary-list__row", { hasText: "Template" });
    await expect
      .poll(() => templateRow.locator("dd").first().textContent())
      .toBe("Note of meeting");
    await templateRow.getByRole("link", { name: "Change template" }).click();
    await page.getByLabel("Formal minutes (Cabinet style)").check();
    await page.getByRole("button", { name: "Save the details" }).click();
    await expect
      .poll(() => templateRow.locator("dd").first().textContent())
      .toBe("Formal minutes (Cabinet style)");

    // A recording is transcribed by a job through the portal's gateway; the Teams transcript replaces it.
    await page.locator("#file").setInputFiles({
      name: "meeting.mp3",
      mimeType: "audio/mpeg",
      buffer: Buffer.from([0x49, 0x44, 0x33, 0, 0, 0, 1, 2, 3]),
    });
    await page.getByRole("button", { name: "Upload transcript" }).click();
    await expect
      .poll(() => page.locator(".govuk-notification-banner").textContent())
      .toContain("meeting.mp3 was uploaded and is transcribed in the background");
    await check(page, "3b-transcribing");
    await expect
      .poll(() => page.locator("main").textContent(), { timeout: 30_000 })
      .toContain("meeting.mp3: 3 turns by 3 speakers");
    expect(fake.requests.filter((r) => r.path.endsWith("/audio/transcriptions"))).toHaveLength(1);
    await page
      .locator("#file")
      .setInputFiles(path.resolve(import.meta.dirname, "../fixtures/meetings/depot-review.vtt"));
    await page.waitForTimeout(1_000);
    await page.getByRole("button", { name: "Upload transcript" }).click();
    await expect
      .poll(() => page.locator("main").textContent())
      .toContain("depot-review.vtt: 12 turns by 3 speakers");
    expect((await page.locator("#attendees").inputValue()).split("\n")).toEqual([
      "Priya Shah",
      "Tom O'Neill",
      "Grace Lee",
    ]);
    expect(await page.locator("#apologies").inputValue()).toBe("Sam Okafor");
    expect(await page.locator("main").textContent()).toContain("It will be deleted on");
    await check(page, "4-transcript");

    await page.getByRole("button", { name: "Draft the minutes" }).click();
    await expect.poll(() => page.locator(".bernard-job-panel [role=progressbar]").count()).toBe(1);
    await expect
      .poll(() => page.locator(".bernard-job-panel").textContent(), { timeout: 30_000 })
      .toContain("Saving the minutes");
    await expect
      .poll(() => page.getByRole("link", { name: "Open the minutes" }).count())
      .toBeGreaterThan(0);
    await check(page, "5-drafted");
    // The draft is tied to the meeting: after a reload the page finds it again.
    await page.reload();
    await expect.poll(() => page.locator(".bernard-job-panel").count()).toBe(1);

    await page.getByRole("link", { name: "Open the minutes" }).first().click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Minutes");
    await check(page, "6-minutes");
    const decision = page.locator("[data-ref='decisions.0']");
    await decision.getByRole("button", { name: /^Turns? \d/ }).click();
    await expect
      .poll(() => page.getByTestId("cited-turns").textContent())
      .toContain("we agreed that the night routes move to the electric fleet");
    expect(await page.getByTestId("cited-turns").textContent()).toContain("Priya Shah");
    await check(page, "7-point-turns");

    await page.getByRole("button", { name: "Edit the minutes" }).click();
    await page.locator("#edit-actions-0-owner").fill("Grace Lee");
    await page.locator("#edit-actions-0-due").fill("2026-03-20");
    await check(page, "8-editing");
    await page.getByRole("button", { name: "Save as a new version" }).click();
    await expect
      .poll(() => page.locator("main").textContent())
      .toContain("Version 2: edited by Administrator");
    const firstAction = page
      .locator("table", { hasText: "Owner" })
      .first()
      .locator("tbody tr")
      .first();
    expect(await firstAction.textContent()).toContain("Grace Lee");
    expect(await firstAction.textContent()).toContain("2026-03-20");

    // An AI edit with an instruction, through the portal's gateway to the (fake) model.
    await page.locator("#ai-edit-instruction").fill("Make the summary one sentence.");
    await check(page, "8b-ai-edit");
    await page.getByRole("button", { name: "Ask the AI to edit" }).click();
    await expect
      .poll(() => page.locator("main").textContent(), { timeout: 30_000 })
      .toContain("Version 3: AI edit asked for by Administrator");
    await expect
      .poll(() => page.locator("main").textContent())
      .toContain("The AI edit was saved as a new version.");
    // The person's owner and due date are kept; only the summary changed.
    expect(await firstAction.textContent()).toContain("Grace Lee");
    expect(await firstAction.textContent()).toContain("2026-03-20");
    await page.getByRole("button", { name: "See what version 3 changed" }).click();
    const aiChanges = page.locator("table", { hasText: "Changes in version 3" });
    await expect.poll(() => aiChanges.locator("tbody tr").count()).toBe(1);
    expect(await aiChanges.locator("tbody tr").textContent()).toMatch(/^summary/);
    const modelCalls = fake.chatRequests();
    expect(modelCalls).toHaveLength(1);
    expect(modelCalls[0]!.headers.authorization).toBe("Bearer provider-key");
    await check(page, "8c-ai-edited");

    await page.getByRole("button", { name: "Circulate for comment" }).click();
    await expect.poll(() => page.locator("main").textContent()).toContain("Circulated for comment");
    const minutesUrl = page.url();

    // An attendee it is shared with comments on a point.
    const attendee = await bernard.signedIn(COLLEAGUE.email, COLLEAGUE.password);
    await attendee.goto(minutesUrl);
    await expect.poll(() => attendee.locator("h1").textContent()).toBe("Minutes");
    expect(await attendee.locator("main").textContent()).toContain(
      "Only the chair, Administrator, can agree the minutes.",
    );
    await attendee.locator("#comment-ref").selectOption("decisions.0");
    await attendee.locator("#comment-text").fill("Please say the move waits for the chargers.");
    await attendee.getByRole("button", { name: "Add comment" }).click();
    await expect
      .poll(() => attendee.locator("[data-ref='decisions.0']").textContent())
      .toContain("Grace Lee commented");
    await check(attendee, "9-comment");

    await page.reload();
    await expect
      .poll(() => page.locator("[data-ref='decisions.0']").textContent())
      .toContain("Please say the move waits");
    await page.getByRole("button", { name: "Agree the minutes" }).click();
    await expect.poll(() => page.locator("main").textContent()).toContain("You agreed the minutes");
    await expect.poll(() => page.getByRole("button", { name: "Edit the minutes" }).count()).toBe(0);
    expect(await page.locator("main").textContent()).toContain("Agreed the minutes");
    await check(page, "10-agreed");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: /Word document/ }).click(),
    ]);
    const zip = await JSZip.loadAsync(await readFile(await download.path()));
    const footnotes = (await zip.file("word/footnotes.xml")!.async("string")).replace(
      /<[^>]+>/g,
      " ",
    );
    expect(footnotes).toMatch(/Transcript: turn \d+, Priya Shah at 00:\d\d:\d\d/);
    const document = await zip.file("word/document.xml")!.async("string");
    expect(document).toContain("<w:tbl>");
    expect(document).toContain("w:footnoteReference");
    expect(document.replace(/<[^>]+>/g, "")).toContain("Grace Lee");

    await page.getByRole("link", { name: "Actions" }).first().click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("My actions");
    await page.getByLabel("Everyone's").check();
    await expect.poll(() => page.locator("main table").textContent()).toContain("Grace Lee");
    await check(page, "11-actions");
    await page.getByRole("link", { name: "Settings" }).first().click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Settings");
    await check(page, "12-settings");

    // A template of one's own, copied from formal minutes, for the next meeting.
    await page.getByRole("link", { name: "Templates" }).first().click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Templates");
    await check(page, "13-templates");
    await page.getByRole("button", { name: "Add a template" }).click();
    await expect
      .poll(() => page.locator("#name").inputValue())
      .toBe("Copy of Formal minutes (Cabinet style)");
    await page.locator("#name").fill("");
    await page.getByRole("button", { name: "Add the template" }).click();
    await expect
      .poll(() => page.locator(".govuk-error-summary li").allTextContents())
      .toEqual(["Enter the template's name"]);
    await check(page, "14-new-template-errors");
    await page.locator("#name").fill("Board note");
    await page.getByRole("button", { name: "Remove section 2" }).click();
    await page.getByRole("button", { name: "Add the template" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Board note");
    expect(await page.locator("#sections-1-heading").inputValue()).toBe("Summary");
    await check(page, "15-template");
    await page.getByRole("link", { name: "Back to templates" }).click();
    await expect
      .poll(() => page.locator("main tr", { hasText: "Board note" }).textContent())
      .toMatch(/^Board note.*Only you$/);
  },
);
