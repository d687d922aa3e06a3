import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { startFakeOpenAi } from "@bernard/llm/testing";
import mammoth from "mammoth";
import { beforeAll, describe, expect, it } from "vitest";
import { offlineStandIn } from "../src/engine/stand-in-model.js";

/** Each case starts the CLI (tsx compiles it each time): slow on a busy machine. */
const SLOW = { timeout: 120_000 };
const here = path.resolve(import.meta.dirname, "..");
const tsx = path.join(here, "node_modules/.bin/tsx");

async function run(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, ["src/cli/letters.ts", ...args], {
      cwd: here,
      env: { ...process.env, BERNARD_LLM_PROVIDER: "none", ...env },
    });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const LINES = [
  {
    line_id: "fee-1",
    title: "Passport fees",
    topic: "Home Office",
    text: "Passport fees pay for the cost of the passport service, not general taxation.",
    approved_on: "2025-01-10",
  },
  {
    line_id: "fee-2",
    title: "Passport fees",
    topic: "Home Office",
    text: "Families on low incomes can ask for help with passport fees through the hardship scheme.",
    approved_on: "2025-01-10",
  },
  {
    line_id: "bus-1",
    title: "Bus fares",
    topic: "Transport",
    text: "Bus fares outside London are capped at £3 a journey until December.",
    approved_on: "2025-02-01",
  },
  {
    line_id: "tax-1",
    title: "Tax",
    topic: "HM Treasury",
    text: "Income tax allowances are set each year at the Budget.",
    approved_on: "2025-03-01",
  },
];
const LETTER =
  "Jane Smith MP\nHouse of Commons\nSW1A 0AA\n\nOur ref: JS/1\n\n3 March 2026\n\nDear Minister,\n\nI write on behalf of my constituent, Mr Robert Brown, about passport fees, which he says are too high for families on low incomes.\n\nHe also asks why there are no seagulls on the moon.\n\nYours sincerely,\nJane Smith MP\nMember of Parliament for Leeds Central";

let dir: string;
let linesFile: string;
let letterFile: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "letters-cli-"));
  linesFile = path.join(dir, "lines.jsonl");
  letterFile = path.join(dir, "letter.txt");
  await writeFile(linesFile, LINES.map((line) => JSON.stringify(line)).join("\n"));
  await writeFile(letterFile, LETTER);
});

/** The test letter drafted from the test lines, offline, to `out`. */
const draftLetter = (out: string, more: string[] = [], env: Record<string, string> = {}) =>
  run(
    ["draft", letterFile, "--lines", linesFile, "--out", out, "--date", "2026-03-10", ...more],
    env,
  );

interface DraftJson {
  paragraphs: { text: string; lines: string[] }[];
  flags: { kind: string; text: string }[];
}

describe("pnpm letters draft", () => {
  it(
    "writes a JSON draft: paragraphs citing lines, and a no-approved-line flag",
    SLOW,
    async () => {
      const out = path.join(dir, "draft.json");
      const result = await draftLetter(out);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      const draft = JSON.parse(await readFile(out, "utf8")) as DraftJson;
      expect(draft.paragraphs[0]).toEqual({ text: "Dear Jane Smith,", lines: [] });
      expect(draft.paragraphs.flatMap((p) => p.lines)).toEqual(["fee-1", "fee-2"]);
      expect(draft.flags).toContainEqual({
        kind: "no-approved-line",
        text: expect.stringContaining("seagulls"),
        point: 1,
      });
    },
  );

  it(
    "writes a Word draft with the salutation, the lines cited and what to check",
    SLOW,
    async () => {
      const out = path.join(dir, "draft.docx");
      const result = await draftLetter(out);
      expect(result.status).toBe(0);
      const { value } = await mammoth.extractRawText({ path: out });
      expect(value).toContain("Dear Jane Smith,");
      expect(value).toContain("through the hardship scheme. [fee-2]");
      expect(value).toContain(
        "[No approved line: He also asks why there are no seagulls on the moon.]",
      );
      expect(value).toContain("To check");
    },
  );

  it(
    "drafts every letter of a JSON Lines file into its own <letter_id>.json, and reports a bad row",
    SLOW,
    async () => {
      const letters = path.join(dir, "letters.jsonl");
      await writeFile(
        letters,
        [
          JSON.stringify({ letter_id: "L1", body: LETTER }),
          JSON.stringify({
            letter_id: "L2",
            subject: "Bus fares",
            body: "Dear Minister,\n\nBus fares outside London are too high for a journey.\n\nYours faithfully,\nA constituent",
          }),
          JSON.stringify({ body: "no id" }),
        ].join("\n"),
      );
      const outDir = path.join(dir, "drafts");
      const result = await run([
        "draft",
        "--letters",
        letters,
        "--lines",
        linesFile,
        "--out-dir",
        outDir,
        "--date",
        "2026-03-10",
      ]);
      expect(result.status).toBe(0);
      expect(result.stderr).toMatch(/^Line 3 of .*letters\.jsonl: each letter needs a letter_id/);
      expect((await readdir(outDir)).sort()).toEqual(["L1.json", "L2.json"]);
      const second = JSON.parse(await readFile(path.join(outDir, "L2.json"), "utf8")) as DraftJson;
      expect(second.paragraphs.flatMap((p) => p.lines)).toEqual(["bus-1"]);
    },
  );

  it("drafts with the model engine through a provider, here the fake server", SLOW, async () => {
    const fake = await startFakeOpenAi({ reply: offlineStandIn() });
    try {
      const out = path.join(dir, "model.md");
      const result = await draftLetter(out, ["--engine", "model"], {
        BERNARD_LLM_PROVIDER: "openai-compatible",
        BERNARD_LLM_BASE_URL: fake.url,
      });
      expect(result.stderr).toBe("");
      expect(result.stdout).toContain("(model engine)");
      expect(fake.chatRequests()).toHaveLength(1);
      const markdown = await readFile(out, "utf8");
      expect(markdown).toContain("through the hardship scheme. [fee-2]");
      expect(markdown).toContain("- no-approved-line:");
    } finally {
      await fake.close();
    }
  });

  it("says clearly what is wrong with bad arguments", SLOW, async () => {
    const noModel = await draftLetter(path.join(dir, "x.json"), ["--engine", "model"]);
    expect(noModel.status).toBe(1);
    expect(noModel.stderr).toMatch(/^--engine model needs a model/);
    const badOut = await run(["draft", letterFile, "--lines", linesFile, "--out", "x.pdf"]);
    expect(badOut.stderr).toMatch(/must end in \.json, \.md \(Markdown\) or \.docx \(Word\)/);
    const badDate = await run([
      "draft",
      letterFile,
      "--lines",
      linesFile,
      "--out",
      "x.json",
      "--date",
      "3/3/26",
    ]);
    expect(badDate.stderr).toMatch(/is not a date/);
    const missing = await run([
      "draft",
      path.join(dir, "nope.txt"),
      "--lines",
      linesFile,
      "--out",
      path.join(dir, "x.json"),
    ]);
    expect(missing.stderr).toMatch(/Cannot read .*nope\.txt/);
  });
});
