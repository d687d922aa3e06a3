import { spawnSync } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { expect, it } from "vitest";

const here = path.resolve(import.meta.dirname, "..");
const consult = (...args: string[]) =>
  spawnSync(path.join(here, "node_modules/.bin/tsx"), ["src/cli/consult.ts", ...args], {
    cwd: here,
    encoding: "utf8",
  });

it("analyses a file headless and writes the workbook and JSON", async () => {
  const out = path.join(await mkdtemp(path.join(tmpdir(), "consult-cli-")), "results.xlsx");
  const run = consult(
    "analyse",
    "samples/citizen-space.csv",
    "--id",
    "Response ID",
    "--question",
    "Please explain your answer",
    "--closed",
    "Do you agree with the proposal to cut evening bus services?",
    "--out",
    out,
  );
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
