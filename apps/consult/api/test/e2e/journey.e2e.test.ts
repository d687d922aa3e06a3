import { readFile } from "node:fs/promises";
import path from "node:path";
import { accessibilityViolations } from "@bernard/ui/testing";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { importedQuestion, startBernard } from "./bernard.js";

let bernard: Awaited<ReturnType<typeof startBernard>>;
beforeAll(async () => {
  bernard = await startBernard({ name: "consult-journey", env: { BERNARD_COOKIE_SECURE: "true" } });
}, 120_000);
afterAll(() => bernard?.stop());

const signedIn = () => bernard.signedIn();

/** Each step of the consultation page's task lists: its name and status, as a person reads them. */
const steps = (page: Page) =>
  page
    .locator(".govuk-task-list__item")
    .evaluateAll((items) =>
      items.map(
        (item) =>
          `${item.querySelector(".govuk-task-list__name-and-hint > :first-child")?.textContent?.trim()}: ${item.querySelector(".govuk-task-list__status")?.textContent?.trim()}`,
      ),
    );

/** Waits until the consultation page's task lists show these steps, in this order. */
const expectSteps = (page: Page, expected: string[]) =>
  expect.poll(() => steps(page)).toEqual(expected);

/** A consultation with one question and these `[id, answer]` responses, its responses page open. */
const openResponses = async (page: Page, title: string, answers: [string, string][]) => {
  const csv = [
    "id,answer",
    ...answers.map(([id, text]) => `${id},"${text.replaceAll('"', '""')}"`),
  ].join("\n");
  const questionId = await importedQuestion(page, { title, question: "Why?", csv });
  await page.goto(`${bernard.url}/tools/consult/q/${questionId}/responses`);
  await expect
    .poll(() => page.locator("h2[aria-live]").textContent())
    .toBe(`${answers.length} responses`);
};

const check = async (page: Page) => {
  const violations = await accessibilityViolations(page);
  if (violations.length > 0) console.log(JSON.stringify(violations, null, 1).slice(0, 1500));
  expect(violations).toEqual([]);
};

it(
  "creates a consultation, imports a Citizen Space export with progress, finds themes offline, reviews and signs them off, and downloads the results",
  { timeout: 240_000 },
  async () => {
    const page = await signedIn();
    await expect
      .poll(() => page.locator("main").textContent())
      .toContain("Evening bus services in Westshire (demo)");
    await check(page);

    await page.getByRole("button", { name: "Create a consultation" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Create a consultation");
    await page.getByRole("button", { name: "Create consultation" }).click();
    await expect
      .poll(() => page.locator(".govuk-error-summary li").allTextContents())
      .toEqual(["Enter the consultation's title"]);
    await check(page);
    await page.locator("#title").fill("Rural bus services");
    await page.locator("#opensOn-day").fill("1");
    await page.locator("#opensOn-month").fill("2");
    await page.locator("#opensOn-year").fill("2026");
    await page.locator("#closesOn-day").fill("28");
    await page.locator("#closesOn-month").fill("2");
    await page.locator("#closesOn-year").fill("2026");
    await page.getByLabel("Everyone who uses the consultation sorter").check();
    // GOV.UK's double-click protection ignores a second press of the button within a second.
    await page.waitForTimeout(1_000);
    await page.getByRole("button", { name: "Create consultation" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Rural bus services");
    expect(await page.locator(".govuk-summary-list").textContent()).toContain(
      "Who can see itEveryone who uses the consultation sorter",
    );
    // The task list starts at the questions; nothing else can start before them.
    await expectSteps(page, [
      "Add the questions: Not yet started",
      "Import the responses: Cannot start yet",
      "Download the results: Cannot start yet",
    ]);
    await check(page);

    await page
      .locator("#text")
      .fill("Do you agree with the proposal to cut evening bus services? Please explain.");
    await page.getByLabel("Yes, it has a closed part").check();
    await page.getByRole("button", { name: "Add question" }).click();
    await expect
      .poll(() => page.locator("table").textContent())
      .toContain("Do you agree with the proposal");
    await expectSteps(page, [
      "Add the questions: Completed",
      "Import the responses: Not yet started",
      "Find the themes: Cannot start yet",
      "Review the themes and responses: Cannot start yet",
      "Sign off the themes: Cannot start yet",
      "Download the results: Cannot start yet",
    ]);
    await check(page);

    // A task opens its page inside the app: the document is not loaded again.
    await page.evaluate(() => Object.assign(window, { documentMark: "tasks" }));
    await page.getByRole("link", { name: "Import the responses" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Import responses");
    expect(await page.evaluate(() => (window as { documentMark?: string }).documentMark)).toBe(
      "tasks",
    );
    await check(page);
    // An empty file is told it is empty, and what to do.
    await page
      .locator("#file")
      .setInputFiles({ name: "empty.csv", mimeType: "text/csv", buffer: Buffer.from("") });
    await page.getByRole("button", { name: "Upload and preview" }).click();
    await expect
      .poll(() => page.locator(".govuk-error-summary li").allTextContents())
      .toEqual([
        "empty.csv is empty: it has nothing in it, not even column headings. Export the responses again, then upload the new file.",
      ]);
    await page.locator("#file").setInputFiles({
      name: "headings.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("id,answer\n"),
    });
    await page.waitForTimeout(1_000);
    await page.getByRole("button", { name: "Upload and preview" }).click();
    await expect
      .poll(() => page.locator(".govuk-error-summary li").allTextContents())
      .toEqual([
        "headings.csv has no responses in it. The first row should be the column headings, with one response on each row below them.",
      ]);
    await check(page);
    await page
      .locator("#file")
      .setInputFiles(path.resolve(import.meta.dirname, "../../samples/citizen-space.csv"));
    await page.waitForTimeout(1_000);
    await page.getByRole("button", { name: "Upload and preview" }).click();
    await expect
      .poll(() => page.locator("main").textContent())
      .toContain("Which column holds what?");
    // The preview has its own address, so Back returns to it after the import page is left.
    expect(page.url()).toMatch(/\/import\?upload=[0-9a-f-]+$/);
    expect(await page.locator("main").textContent()).toMatch(
      /citizen-space\.csv, uploaded \d{1,2} \w+ \d{4} at [\d:]+[ap]m: 7 columns/,
    );
    // The headings make every choice obvious: the ID, the closed answer under the question's
    // first words and the free text under the rest.
    expect(await page.locator("#respondentId").inputValue()).toBe("Response ID");
    expect(await page.locator("#questions-0-column").inputValue()).toBe(
      "Please explain your answer",
    );
    expect(await page.locator("#questions-0-closedColumn").inputValue()).toBe(
      "Do you agree with the proposal to cut evening bus services?",
    );
    // A mapping the API refuses says, in plain words against the field, what to choose.
    await page.locator("#questions-0-column").selectOption("Response ID");
    await page.getByRole("button", { name: "Import responses" }).click();
    await expect
      .poll(() => page.locator(".govuk-error-summary li").allTextContents())
      .toEqual([
        '"Response ID" is already chosen as the respondent ID. Choose the column with the answers',
      ]);
    expect(await page.locator(".govuk-error-summary a").getAttribute("href")).toBe(
      "#questions-0-column",
    );
    await page.locator("#questions-0-column").selectOption("");
    await page.waitForTimeout(1_000);
    await page.getByRole("button", { name: "Import responses" }).click();
    await expect
      .poll(() => page.locator(".govuk-error-summary li").allTextContents())
      .toEqual(["Choose the column that holds the answers to at least one question"]);
    expect(await page.locator("main").textContent()).not.toContain("The request is not valid");
    await check(page);
    await page.locator("#questions-0-column").selectOption("Please explain your answer");
    await page.getByLabel("What is your postcode area?").check();
    await page.waitForTimeout(1_000);
    await page.getByRole("button", { name: "Import responses" }).click();
    await expect
      .poll(() => page.locator("main").textContent(), { timeout: 30_000 })
      .toContain("Import finished");
    expect(await page.locator(".govuk-summary-list").textContent()).toContain(
      "Respondents imported10",
    );
    expect(await page.locator("[role=progressbar], progress").count()).toBeGreaterThan(0);
    await check(page);

    await page.getByRole("button", { name: "Back to the consultation" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Rural bus services");
    await expectSteps(page, [
      "Add the questions: Completed",
      "Import the responses: Completed",
      "Find the themes: Not yet started",
      "Review the themes and responses: Cannot start yet",
      "Sign off the themes: Cannot start yet",
      "Download the results: Not yet started",
    ]);
    expect(await page.locator(".govuk-task-list").first().textContent()).toContain(
      "10 respondents imported.",
    );
    await page.getByRole("link", { name: "Themes for question 1" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Question 1 themes");
    await expect
      .poll(() => page.getByLabel("Offline engine").isChecked(), { timeout: 20_000 })
      .toBe(true);
    expect(await page.locator("main").textContent()).toContain(
      "the offline engine works without one",
    );
    await check(page);
    await page.getByRole("button", { name: "Find themes" }).click();
    await expect
      .poll(() => page.locator(".bernard-progress h2").textContent(), { timeout: 30_000 })
      .toBe("Analysing the responses: Finished");
    expect(await page.locator("[role=progressbar]").getAttribute("aria-valuenow")).toBe("100");
    const themesTable = page.locator("table", { hasText: "Themes, most responses first" });
    await expect.poll(() => themesTable.count(), { timeout: 30_000 }).toBe(1);
    const text = await themesTable.textContent();
    expect(text).toContain("No reason given");
    expect(text).toMatch(/Oppose/);
    await check(page);

    // Review: rename a theme, merge another into it, sign off.
    const labels = await page.locator("#theme option").allTextContents();
    const [first, second] = labels.filter((label) => !["Other", "No reason given"].includes(label));
    await page.locator("#theme").selectOption({ label: first! });
    await page.locator("#label").fill("Getting home after work");
    await page.getByRole("button", { name: "Rename" }).click();
    await expect
      .poll(() => page.locator(".govuk-notification-banner").textContent())
      .toContain('is now "Getting home after work"');
    await page.locator("#theme").selectOption({ label: second! });
    await page.locator("#into").selectOption({ label: "Getting home after work" });
    await page.getByRole("button", { name: "Merge" }).click();
    // A confirmation page says what the merge does, and that it can be undone.
    await expect
      .poll(() => page.locator("h1").textContent())
      .toBe(`Merge “${second}” into “Getting home after work”?`);
    expect(await page.locator("main").textContent()).toContain("undo the merge");
    await check(page);
    await page.getByRole("button", { name: "Merge the themes" }).click();
    await expect
      .poll(() => page.locator(".govuk-notification-banner").textContent())
      .toContain("The themes were merged");
    await check(page);

    // Open the merged theme and move one of its responses to Other (splitting it).
    await page.getByRole("link", { name: "Getting home after work" }).click();
    await expect
      .poll(() => page.locator("h1").textContent())
      .toBe('Responses in "Getting home after work"');
    await expect.poll(() => page.locator("h2[aria-live]").textContent()).toMatch(/\d+ responses?/);
    const before = Number((await page.locator("h2[aria-live]").textContent())!.split(" ")[0]);
    await check(page);
    const firstChoice = page.getByLabel(/Choose the response from/).first();
    const moved = (await firstChoice.getAttribute("id"))!.replace("choose-", "");
    await firstChoice.check();
    await page.locator("#toTheme").selectOption({ label: "Other" });
    await page.getByRole("button", { name: "Move responses" }).click();
    await expect
      .poll(() => page.locator(".govuk-notification-banner").textContent())
      .toContain('1 response was moved to "Other"');
    await expect
      .poll(() => page.locator("h2[aria-live]").textContent())
      .toBe(`${before - 1} ${before - 1 === 1 ? "response" : "responses"}`);

    // Filter by stance, then open one response: change its themes, flag it.
    await page.locator("#stance").selectOption("oppose");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(() => page.url()).toContain("stance=oppose");
    await check(page);
    await page.goto(`${bernard.url}/tools/consult/r/${moved}`);
    await expect.poll(() => page.locator("h1").textContent()).toMatch(/^Response from ANON-/);
    // Why it is in Other: the reviewer's move, not the engine's reason for its old theme.
    expect(await page.locator("main").textContent()).toContain(
      'Other (a person): A reviewer moved it here from "Getting home after work".',
    );
    await check(page);
    await page.getByRole("button", { name: "Flag for attention" }).click();
    await expect
      .poll(() => page.locator(".govuk-notification-banner").textContent())
      .toContain("The response is flagged.");
    await page.getByLabel("Getting home after work").check();
    await page.waitForTimeout(1_000);
    await page.getByRole("button", { name: "Save themes" }).click();
    await expect
      .poll(() => page.locator(".govuk-notification-banner").textContent())
      .toContain("marked reviewed");
    expect(await page.locator("main").textContent()).toContain("Flagged");
    await check(page);

    // The evaluation panel counts the reviewed response; the dashboard charts the themes.
    // A response the offline engine placed: nothing says AI, and no similarity score is shown.
    const consultApi = `${bernard.url}/tools/consult/api`;
    const { question } = (await (
      await page.request.get(`${consultApi}/responses/${moved}`)
    ).json()) as {
      question: { id: string };
    };
    const listed = (await (
      await page.request.get(`${consultApi}/questions/${question.id}/responses`)
    ).json()) as { responses: { id: string }[] };
    let placedByEngine: string | undefined;
    for (const { id } of listed.responses) {
      const details = (await (await page.request.get(`${consultApi}/responses/${id}`)).json()) as {
        themes: { source: string }[];
      };
      if (details.themes.some((theme) => theme.source === "ai")) placedByEngine ??= id;
    }
    await page.goto(`${bernard.url}/tools/consult/r/${placedByEngine!}`);
    await expect.poll(() => page.locator("h1").textContent()).toMatch(/^Response from ANON-/);
    const why = await page.locator("main").textContent();
    expect(why).not.toMatch(/\bAI\b|similarity|\d\.\d\d/);
    expect(why).toMatch(
      /\(the offline engine\): Uses words like those of th(is theme|ese themes): “/,
    );
    await check(page);
    await page.getByRole("link", { name: "Back to the responses" }).click();
    await page.getByRole("link", { name: "Back to the themes" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Question 1 themes");
    await expect
      .poll(() => page.locator("[data-testid=evaluation]").textContent())
      .toContain("Of 1 response reviewed, reviewers changed the offline engine's themes on");
    // One review is too few for an interval: the panel says so, and how many more it needs.
    expect(await page.locator("[data-testid=evaluation]").textContent()).toContain(
      "There are too few reviewed responses for a 95% interval: it needs 10 responses, so review 9 more.",
    );
    expect(await page.locator("[data-testid=evaluation]").textContent()).not.toMatch(/\bAI\b/);
    expect(await themesTable.textContent()).not.toMatch(/\bAI\b|similarity/);
    await page.getByRole("link", { name: "See the dashboard" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Question 1 dashboard");
    expect(await page.locator("svg[role=img]").getAttribute("aria-label")).toContain(
      "Getting home after work",
    );
    await check(page);
    await page.getByRole("link", { name: "Back to the themes" }).click();

    // What the reviewer left, to check after sign-off.
    const themeRows = page
      .locator("table", { hasText: "Themes, most responses first" })
      .locator("tbody tr");
    // Each theme's name and count (changed themes get their summary and quote written again).
    const snapshot = () =>
      themeRows.evaluateAll((rows) =>
        rows.map((row) =>
          [row.querySelector("a"), ...row.querySelectorAll("td")]
            .slice(0, 4)
            .filter((_, index) => index !== 1)
            .map((cell) => cell?.textContent?.trim()),
        ),
      );
    const reviewed = await snapshot();
    const quotes = await page.locator("blockquote").count();
    const themesOf = async (responseId: string) =>
      (
        (await (
          await page.request.get(`${bernard.url}/tools/consult/api/responses/${responseId}`)
        ).json()) as { themes: { label: string }[] }
      ).themes
        .map((theme) => theme.label)
        .sort();
    const movedThemes = await themesOf(moved);
    expect(movedThemes).toContain("Getting home after work");
    expect(quotes).toBeGreaterThan(0);

    await page.getByRole("button", { name: "Sign off these themes" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Sign off these themes?");
    expect(await page.locator("main").textContent()).toContain("every response keeps the themes");
    await check(page);
    await page.getByRole("button", { name: "Sign off the themes" }).click();
    await expect
      .poll(() => page.locator("main").textContent(), { timeout: 30_000 })
      .toContain("Signed off by Administrator");
    await expect
      .poll(() => page.locator(".bernard-progress h2").textContent(), { timeout: 30_000 })
      .toBe("Mapping responses to the signed-off themes: Finished");
    await expect
      .poll(() => page.locator("main").textContent(), { timeout: 30_000 })
      .toContain("The signed-off themes have been applied");
    expect(await page.locator("main").textContent()).toContain("Merged");
    // Sign-off changed no count, no membership and no quote the reviewer saw.
    await expect.poll(snapshot).toEqual(reviewed);
    expect(await page.locator("blockquote").count()).toBe(quotes);
    expect(await themesOf(moved)).toEqual(movedThemes);
    await check(page);

    // The results, downloaded from the consultation page and opened.
    await page.getByRole("link", { name: "Back to the consultation" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Rural bus services");
    await expectSteps(page, [
      "Add the questions: Completed",
      "Import the responses: Completed",
      "Find the themes: Completed",
      "Review the themes and responses: Completed",
      "Sign off the themes: Completed",
      "Download the results: Not yet started",
    ]);
    const questionSteps = await page.locator(".govuk-task-list").nth(1).textContent();
    expect(questionSteps).toContain("Found by the offline engine on");
    expect(questionSteps).toContain("1 of 10 responses reviewed.");
    expect(questionSteps).toContain("Signed off by Administrator on");
    await check(page);
    const [workbookDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Excel workbook of Rural bus services" }).click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await workbookDownload.path());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      "Themes",
      "Q1 responses",
      "Q1 matrix",
    ]);
    const themesSheet = workbook.getWorksheet("Themes")!.getColumn(2).values;
    expect(themesSheet).toContain("Getting home after work");
    const [reportDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Word report of Rural bus services" }).click(),
    ]);
    const report = await readFile(await reportDownload.path());
    const documentXml = await (
      await JSZip.loadAsync(report)
    )
      .file("word/document.xml")!
      .async("string");
    const reportText = documentXml.replace(/<[^>]+>/g, "");
    expect(reportText).toContain("Getting home after work");
    expect(reportText).toContain("Method");
    expect(reportText).toMatch(/Signed off by Administrator on \d{1,2} \w+ \d{4}/);

    // Each download is recorded and listed on the consultation's page.
    await page.reload();
    const downloads = page.locator("table", { hasText: "Downloads of the results" });
    await expect.poll(() => downloads.textContent()).toContain("Word report");
    expect(await downloads.textContent()).toContain("Excel workbook");
    expect(await downloads.textContent()).toContain("Administrator");
    expect((await steps(page)).at(-1)).toBe("Download the results: Completed");
    await check(page);
  },
);

it(
  "shows hostile responses as plain text: markup is not run, formulas are just words",
  { timeout: 60_000 },
  async () => {
    const page = await signedIn();
    const hostile = [
      '<img src=x onerror="window.pwned=1"> the last bus matters',
      "<script>window.pwned=1</script> please keep the evening service",
      '=HYPERLINK("http://evil.example","click") cut the empty buses',
    ];
    await openResponses(
      page,
      "Hostile input",
      hostile.map((text, index) => [`h${index}`, text]),
    );
    const text = await page.locator("main").textContent();
    for (const answer of hostile) expect(text).toContain(answer);
    expect(await page.locator("main img, main script").count()).toBe(0);
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    await check(page);
  },
);

it(
  "pages through many responses by number, with links that say what they open and a way past the filters",
  { timeout: 60_000 },
  async () => {
    const page = await signedIn();
    await openResponses(
      page,
      "Many answers",
      Array.from({ length: 120 }, (_, index) => [`p${index + 1}`, `answer number ${index + 1}`]),
    );
    const pages = page.getByRole("navigation", { name: "Pages of responses" });
    expect(await pages.getByRole("link").allTextContents()).toEqual(["1", "2", "3", "Next page"]);
    expect(await pages.locator("[aria-current=page]").textContent()).toBe("1");
    expect(await page.locator("main").textContent()).toContain("Page 1 of 3, responses 1 to 50.");
    await expect.poll(() => page.locator("h3 a").first().textContent()).toBe("Response from p1");
    await check(page);

    await pages.getByRole("link", { name: "Page 3" }).click();
    await expect.poll(() => page.url()).toContain("page=3");
    await expect.poll(() => page.locator("h3 a").first().textContent()).toBe("Response from p101");
    expect(await pages.getByRole("link").allTextContents()).toEqual([
      "Previous page",
      "1",
      "2",
      "3",
    ]);
    expect(await pages.locator("[aria-current=page]").textContent()).toBe("3");

    // From the back link, two tab stops reach the first response: the skip link, then it.
    await page.getByRole("link", { name: "Back to the themes" }).focus();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      "Skip the filters to the responses",
    );
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      "Response from p101",
    );
    await check(page);
  },
);
