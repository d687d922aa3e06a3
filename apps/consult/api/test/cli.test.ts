import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startFakeOpenAi } from "@bernard/llm/testing";
import ExcelJS from "exceljs";
import { expect, it } from "vitest";
import { offlineAnalysis } from "../src/engine/offline.js";
import { analyseHeadless } from "../src/engine/pipeline.js";
import { readRows } from "@bernard/toolkit/uploads";
import { importRespondents } from "../src/import/responses.js";
import { scriptedModel } from "./scripted-model.js";

const here = path.resolve(import.meta.dirname, "..");
const tsx = path.join(here, "node_modules/.bin/tsx");
const withoutModel = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.startsWith("BERNARD_LLM_")),
);
const consult = (...args: string[]) =>
  spawnSync(tsx, ["src/cli/consult.ts", ...args], {
    cwd: here,
    encoding: "utf8",
    env: withoutModel,
  });

/** Runs the command without blocking this process, which serves the fake model. */
async function consultAsync(env: Record<string, string>, ...args: string[]) {
  const child = spawn(tsx, ["src/cli/consult.ts", ...args], {
    cwd: here,
    env: { ...withoutModel, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += String(chunk)));
  child.stderr.on("data", (chunk) => (stderr += String(chunk)));
  const [status] = (await once(child, "exit")) as [number];
  return { status, stdout, stderr };
}

const SAMPLE = [
  "samples/citizen-space.csv",
  "--id",
  "Response ID",
  "--question",
  "Please explain your answer",
  "--closed",
  "Do you agree with the proposal to cut evening bus services?",
];

it("analyses a file headless and writes the workbook and JSON", async () => {
  const out = path.join(await mkdtemp(path.join(tmpdir(), "consult-cli-")), "results.xlsx");
  const run = consult("analyse", ...SAMPLE, "--out", out);
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toContain(
    "Read 10 respondents from samples/citizen-space.csv; 0 rows to check.",
  );
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(out);
  expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
    "Themes",
    "Q1 responses",
    "Q1 matrix",
  ]);
  expect((await readFile(out.replace(/\.xlsx$/, ".docx"))).subarray(0, 2).toString()).toBe("PK");
  const json = JSON.parse(await readFile(out.replace(/\.xlsx$/, ".json"), "utf8"));
  expect(json.questions[0].responses).toHaveLength(10);
  expect(
    json.questions[0].themes.reduce(
      (sum: number, theme: { count: number }) => sum + theme.count,
      0,
    ),
  ).toBeGreaterThanOrEqual(10);
});

it("says how to use it when a question column is missing", () => {
  const run = consult("analyse", "samples/citizen-space.csv");
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('Usage: pnpm consult analyse <file> --question "<answer column>"');
});

it("analyses with the model engine through the provider in BERNARD_LLM_*, summaries and quotes included", async () => {
  const fake = await startFakeOpenAi({ reply: scriptedModel });
  try {
    const out = path.join(await mkdtemp(path.join(tmpdir(), "consult-cli-")), "results.xlsx");
    const run = await consultAsync(
      {
        BERNARD_LLM_PROVIDER: "openai-compatible",
        BERNARD_LLM_BASE_URL: fake.url,
        BERNARD_LLM_API_KEY: "test",
      },
      "analyse",
      ...SAMPLE,
      "--engine",
      "model",
      "--out",
      out,
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("model engine (gpt-4o-mini): 10 responses");
    const json = JSON.parse(await readFile(out.replace(/\.xlsx$/, ".json"), "utf8"));
    const work = json.questions[0].themes.find(
      (theme: { label: string }) => theme.label === "Getting to work",
    );
    expect(work).toMatchObject({ count: 2, summary: "2 responses make this point." });
    expect(json.questions[0].responses.map((r: { text: string }) => r.text)).toContain(
      work.quotes[0],
    );
    expect(fake.chatRequests().length).toBeGreaterThan(3);
  } finally {
    await fake.close();
  }
});

it("says how to set a model up when the model engine is asked for without one", () => {
  const run = consult("analyse", ...SAMPLE, "--engine", "model");
  expect(run.status).toBe(1);
  expect(run.stderr).toContain("No model is configured. Set BERNARD_LLM_PROVIDER");
});

it("finds the themes the app finds for the same file and question", async () => {
  const question = "Do you agree with the proposal to cut evening bus services?";
  const out = path.join(await mkdtemp(path.join(tmpdir(), "consult-cli-")), "results.xlsx");
  const run = consult("analyse", ...SAMPLE, "--text", question, "--out", out);
  expect(run.status, run.stderr).toBe(0);
  const json = JSON.parse(await readFile(out.replace(/\.xlsx$/, ".json"), "utf8"));
  const fromCli = json.questions[0].themes.map((theme: { label: string; count: number }) => [
    theme.label,
    theme.count,
  ]);

  // The app: the same rows imported, read back in the database's order (by row UUID), and the
  // analysis job's engine for the question's text.
  const responses = [];
  for await (const respondent of importRespondents(
    readRows(path.join(here, SAMPLE[0]!), "csv"),
    {
      respondentId: "Response ID",
      questions: [{ questionId: "q1", column: SAMPLE[4]!, closedColumn: SAMPLE[6]! }],
      demographics: [],
    },
    () => undefined,
  )) {
    const answer = respondent.answers[0]!;
    responses.push({ id: randomUUID(), text: answer.text, closed: answer.closed });
  }
  responses.sort((a, b) => a.id.localeCompare(b.id));
  const inApp = await analyseHeadless(offlineAnalysis(question), responses);
  const counts = new Map<string, number>();
  for (const response of inApp.mapped)
    for (const themeId of response.themeIds) counts.set(themeId, (counts.get(themeId) ?? 0) + 1);
  const fromApp = inApp.themes
    .filter((theme) => counts.has(theme.id))
    .map((theme) => [theme.label, counts.get(theme.id)])
    .sort(
      (a, b) => (b[1] as number) - (a[1] as number) || String(a[0]).localeCompare(String(b[0])),
    );
  expect(fromApp).toEqual(fromCli);
  expect(fromCli.length).toBeGreaterThan(1);
}, 120_000);
