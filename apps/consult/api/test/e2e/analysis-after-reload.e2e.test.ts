import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { invite } from "@bernard/launcher/testing";
import { accessibilityViolations } from "@bernard/ui/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { importedQuestion, startBernard } from "./bernard.js";

let bernard: Awaited<ReturnType<typeof startBernard>>;
beforeAll(async () => {
  bernard = await startBernard({ name: "consult-analysis-reload" });
}, 120_000);
afterAll(() => bernard?.stop());

const screenshots = path.join(tmpdir(), "bernard-screenshots");
const COLLEAGUE = {
  email: "colleague@example.gov.uk",
  name: "Col League",
  password: "amber harbour willow",
};
/** Enough responses that the offline analysis is still running after a reload. */
const RESPONSES = 8_000;
const SAYINGS = [
  "The last bus leaves too early for shift workers",
  "Cutting the service would isolate older people in the villages",
  "Empty evening buses waste public money",
  "Fares should go up rather than services being cut",
  "Night workers at the hospital rely on the late buses",
  "Young people need a way home from college and work",
];

const panelHeading = (page: Page) => page.locator(".bernard-job-panel h2").textContent();
const followedJob = (page: Page) =>
  page.locator(".bernard-job-panel [role=progressbar]").getAttribute("aria-labelledby");

it(
  "finds the running analysis again after a reload, and a colleague it is shared with follows the same job",
  { timeout: 240_000 },
  async () => {
    const page = await bernard.signedIn();
    await invite(page, COLLEAGUE);
    const csv = [
      "id,answer",
      ...Array.from({ length: RESPONSES }, (_, index) => {
        const saying = SAYINGS[index % SAYINGS.length]!;
        return `${index + 1},"${saying}, and I have said so since ${2000 + (index % 25)}."`;
      }),
    ].join("\n");
    const questionId = await importedQuestion(page, {
      title: "Late buses",
      question: "Should the late buses stay?",
      csv,
      openToEveryone: true,
    });
    const themesPage = `${bernard.url}/tools/consult/q/${questionId}`;
    await page.goto(themesPage);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Question 1 themes");
    await page.getByRole("button", { name: "Find themes" }).click();
    await expect
      .poll(() => panelHeading(page), { timeout: 30_000 })
      .toMatch(/^Analysing the responses: (Waiting to start|In progress)$/);
    const job = await followedJob(page);

    // After a reload the page finds the job for its question and shows it instead of the form.
    await page.reload();
    await expect
      .poll(() => panelHeading(page), { timeout: 30_000 })
      .toMatch(/^Analysing the responses: (Waiting to start|In progress)$/);
    expect(await followedJob(page)).toBe(job);
    expect(await page.getByRole("button", { name: "Find themes" }).count()).toBe(0);
    // Its stages, with where it is among them.
    expect(await page.locator(".bernard-job-panel li").allTextContents()).toEqual([
      expect.stringMatching(/^Finding themes /),
      expect.stringMatching(/^Mapping responses /),
      expect.stringMatching(/^Writing up themes /),
      expect.stringMatching(/^Saving /),
    ]);
    expect(await page.getByRole("button", { name: "Stop analysing the responses" }).count()).toBe(
      1,
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await mkdir(screenshots, { recursive: true });
    await page.screenshot({
      path: path.join(screenshots, "themes-during-analysis.png"),
      fullPage: true,
    });

    // A colleague the consultation is shared with opens the same page and follows the same job.
    const colleague = await bernard.signedIn(COLLEAGUE.email, COLLEAGUE.password);
    await colleague.goto(themesPage);
    await expect.poll(() => followedJob(colleague), { timeout: 30_000 }).toBe(job);
    expect(await panelHeading(colleague)).toMatch(/^Analysing the responses: /);

    // Both see it finish, and the themes it found, without reloading.
    for (const each of [page, colleague]) {
      await expect
        .poll(() => panelHeading(each), { timeout: 180_000 })
        .toBe("Analysing the responses: Finished");
      await expect
        .poll(() => each.locator("table", { hasText: "Themes, most responses first" }).count(), {
          timeout: 30_000,
        })
        .toBe(1);
    }
    await page
      .locator("table", { hasText: "Themes, most responses first" })
      .screenshot({ path: path.join(screenshots, "themes-after-analysis.png") });
  },
);
