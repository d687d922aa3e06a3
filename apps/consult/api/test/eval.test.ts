import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readDataset, stanceLabel } from "../src/cli/eval-dataset.js";

const here = path.resolve(import.meta.dirname, "..");
const tsx = path.join(here, "node_modules/.bin/tsx");
const evaluate = (...args: string[]) =>
  spawnSync(tsx, ["src/cli/eval.ts", "consult", ...args, "--engine", "offline"], {
    cwd: here,
    encoding: "utf8",
    env: Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith("BERNARD_LLM_")),
    ),
  });

const ANSWERS = [
  "Yes, ban the adverts on buses, they push children towards junk food.",
  "Yes, the adverts on buses make children want sweets and fizzy drinks.",
  "Ban them: junk food adverts everywhere make children ask for sweets.",
  "No, advertising pays for the bus service and keeps fares low.",
  "No, the bus company needs advertising money to keep fares down.",
  "No, losing advert money would raise bus fares for everyone.",
];

const lines = (items: object[]) => items.map((item) => JSON.stringify(item)).join("\n") + "\n";

/** A dataset in themefinder's shape with only some of its label files, written by the test. */
async function dataset(
  files: { sentiment?: string[]; evidence?: boolean; outputs?: boolean } = {},
): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "consult-eval-"));
  const input = path.join(root, "inputs/question_part_1");
  await mkdir(input, { recursive: true });
  await writeFile(
    path.join(input, "question.json"),
    JSON.stringify({ question_text: "Should adverts for junk food on buses be banned?" }),
  );
  await writeFile(
    path.join(input, "responses.jsonl"),
    lines(ANSWERS.map((response, index) => ({ response_id: 100 + index, response }))),
  );
  if (files.outputs === false) return root;
  const output = path.join(root, "outputs/mapping/2026-01-01/question_part_1");
  await mkdir(output, { recursive: true });
  await writeFile(
    path.join(output, "themes.json"),
    JSON.stringify([
      {
        topic_id: "A",
        topic_label: "Protect children",
        topic_description: "Junk food adverts harm children.",
      },
      {
        topic_id: "B",
        topic_label: "Fares",
        topic_description: "Advert money keeps bus fares low.",
      },
    ]),
  );
  await writeFile(
    path.join(output, "mapping.jsonl"),
    lines(
      ANSWERS.map((_, index) => ({ response_id: 100 + index, labels: [index < 3 ? "A" : "B"] })),
    ),
  );
  if (files.sentiment) {
    await writeFile(
      path.join(output, "sentiment.jsonl"),
      lines(files.sentiment.map((position, index) => ({ response_id: 100 + index, position }))),
    );
  }
  if (files.evidence) {
    await writeFile(
      path.join(output, "detail_detection.jsonl"),
      lines(ANSWERS.map((_, index) => ({ response_id: 100 + index, evidence_rich: "NO" }))),
    );
  }
  return root;
}

describe("pnpm eval consult", () => {
  it("scores what it has and says what it skipped when evidence labels and respondents are missing", async () => {
    const root = await dataset({
      sentiment: ["AGREEMENT", "AGREEMENT", "AGREEMENT", "DISAGREEMENT", "DISAGREEMENT", "MAYBE"],
    });
    const run = evaluate(root);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      "question_part_1: skipped evidence-rich F1: no detail_detection.jsonl",
    );
    expect(run.stdout).toContain('1 stance labels not understood ("MAYBE")');
    expect(run.stdout).toMatch(/\(a\) mapping to the reference themes: sample F1 \d\.\d{3}/);
    expect(run.stdout).toMatch(/\(c\) stance accuracy \d+% on 5 labelled responses/);
    expect(run.stdout).not.toContain("evidence-rich F1 0");
  }, 120_000);

  it("runs discovery alone on a dataset without reference outputs", async () => {
    const run = evaluate(await dataset({ outputs: false }));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      "skipped every score (mapping, discovery, stance, evidence): no reference outputs",
    );
    expect(run.stdout).toMatch(/\(b\) theme discovery: \d+ themes found\n/);
    expect(run.stdout).toContain("All questions, offline engine: no reference mapping to score.");
  }, 120_000);

  it("says what it expects when the dataset is not there", () => {
    const run = evaluate(path.join(tmpdir(), "no-such-dataset"));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("does not exist. Give a folder shaped like themefinder's");
  }, 120_000);
});

describe("reading a dataset", () => {
  it("reads stance labels in every spelling and leaves out the ones it does not know", async () => {
    const [question] = await readDataset(
      await dataset({
        sentiment: ["AGREE", "Disagreement", "unclear", "POSITIVE", "against", "??"],
        evidence: true,
      }),
    );
    expect([...question!.position!]).toEqual([
      ["100", "support"],
      ["101", "oppose"],
      ["102", "neutral"],
      ["103", "support"],
      ["104", "oppose"],
    ]);
    expect(question!.evidenceRich!.get("100")).toBe(false);
    expect(question!.skipped).toEqual([
      '1 stance labels not understood ("??"): those responses are left out of stance accuracy',
    ]);
  });

  it("knows the spellings datasets use for a stance", () => {
    expect(["AGREE", "agreement", "Strongly agree", "SUPPORT"].map(stanceLabel)).toEqual([
      "support",
      "support",
      "support",
      "support",
    ]);
    expect(["DISAGREE", "DISAGREEMENT", "opposed", "NEGATIVE"].map(stanceLabel)).toEqual([
      "oppose",
      "oppose",
      "oppose",
      "oppose",
    ]);
    expect(["UNCLEAR", "neutral", "Mixed"].map(stanceLabel)).toEqual([
      "neutral",
      "neutral",
      "neutral",
    ]);
    expect(stanceLabel("banana")).toBeUndefined();
  });

  it("reads a plain file of responses as one unlabelled question", async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), "consult-eval-")), "answers.json");
    await writeFile(
      file,
      JSON.stringify(
        ANSWERS.map((response, index) => ({ response_id: String(index + 1), response })),
      ),
    );
    const [question] = await readDataset(file);
    expect(question!.responses).toHaveLength(6);
    expect(question!.reference).toBeUndefined();
    expect(question!.skipped.join(" ")).toContain("the file has responses only");
  });
});
