import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  measuredBesideEstimate,
  printModelEfficiency,
  printTable,
  runAgainstFakeProvider,
  seconds,
} from "@bernard/bench";
import { runConcurrently } from "@bernard/llm";
import { draftReply, usableIndex } from "../engine/draft.js";
import { draftReplyWithModel, estimateModelDraft } from "../engine/model.js";
import { offlineStandIn } from "../engine/stand-in-model.js";
import { extractLetter } from "../intake/extract.js";
import { importLines } from "../lines/import.js";
import { syntheticKnowledgeBase } from "./synthetic.js";

const SIZES = [500, 5_000];
const LETTERS = 50;
const IMPORT_LINES = 5_000;
const MODEL_LINES = 5_000;
const MODEL_LETTERS = 24;
/** The fake provider's latency and per-minute limits (the client is told the same limits). */
const MODEL_PROVIDER = {
  latencyMs: 1_000,
  limits: { requestsPerMinute: 12, tokensPerMinute: 60_000 },
};
const DATE = "2026-01-01";

/**
 * The letter drafter, on made-up lines: the offline draft's time a letter with 500 and 5,000
 * lines in the knowledge base (goal under 1 s), importing 5,000 lines from JSON Lines, and the
 * model engine drafting letters against a fake provider with latency and per-minute limits, as
 * a share of the fastest those limits allow.
 */
export async function benchLetters(): Promise<void> {
  await offlineEngine();
  await importing();
  await modelEngine();
}

async function offlineEngine(): Promise<void> {
  const rows: [string, ...string[]][] = [];
  for (const size of SIZES) {
    const { lines, releases, letter } = syntheticKnowledgeBase(size);
    const indexStarted = performance.now();
    const index = usableIndex(lines, { date: DATE });
    const indexMs = performance.now() - indexStarted;
    const letters = Array.from({ length: LETTERS }, (_, n) =>
      extractLetter(letter(Math.floor((n * releases) / LETTERS))),
    );
    let cited = 0;
    const times = letters.map((details) => {
      const started = performance.now();
      const draft = draftReply(details, index, { date: DATE });
      if (draft.paragraphs.some((paragraph) => paragraph.lines.length > 0)) cited += 1;
      return performance.now() - started;
    });
    times.sort((a, b) => a - b);
    const mean = times.reduce((sum, ms) => sum + ms, 0) / times.length;
    rows.push([
      `${size.toLocaleString("en-GB")} lines`,
      seconds(indexMs),
      seconds(mean),
      seconds(times[Math.floor(times.length * 0.95)]!),
      `${cited} of ${LETTERS}`,
    ]);
  }
  printTable(
    `Offline engine: index the lines once, then draft ${LETTERS} letters (goal: under 1 s a letter)`,
    ["index once", "draft, mean a letter", "draft, 95th percentile", "drafts citing lines"],
    rows,
  );
}

async function importing(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), "bernard-bench-letters-"));
  try {
    const { lines } = syntheticKnowledgeBase(IMPORT_LINES, 2);
    const file = path.join(dir, "lines.jsonl");
    await writeFile(
      file,
      lines
        .map((line) =>
          JSON.stringify({
            line_id: line.id,
            title: line.title,
            topic: line.topic,
            text: line.text,
            approved_on: line.approvedOn,
          }),
        )
        .join("\n"),
    );
    const started = performance.now();
    const imported = await importLines(file, "lines.jsonl");
    const ms = performance.now() - started;
    printTable(
      `Import of ${IMPORT_LINES.toLocaleString("en-GB")} lines from JSON Lines (read, check every row)`,
      ["time", "lines kept", "problems"],
      [["import", seconds(ms), String(imported.lines.length), String(imported.problems.length)]],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function modelEngine(): Promise<void> {
  const { lines, releases, letter } = syntheticKnowledgeBase(MODEL_LINES, 3);
  const index = usableIndex(lines, { date: DATE });
  const letters = Array.from({ length: MODEL_LETTERS }, (_, n) =>
    extractLetter(letter(Math.floor((n * releases) / MODEL_LETTERS))),
  );
  const estimated = letters.map((details) =>
    estimateModelDraft(details, index, { date: DATE, model: "gpt-4o-mini" }),
  );
  let grounded = 0;
  let flagged = 0;
  const run = await runAgainstFakeProvider(
    { ...MODEL_PROVIDER, reply: offlineStandIn() },
    (client) =>
      runConcurrently(letters, 4, async (details) => {
        const draft = await draftReplyWithModel(details, index, {
          date: DATE,
          client,
          allLines: lines,
        });
        if (draft.engine === "model" && draft.paragraphs.some((p) => p.lines.length > 0))
          grounded += 1;
        flagged += draft.flags.filter(
          (f) => f.kind === "unsupported" || f.kind === "commitment",
        ).length;
      }),
  );
  printModelEfficiency(
    `${MODEL_LETTERS} letters, ${MODEL_LINES.toLocaleString("en-GB")} lines, 4 at a time`,
    run,
  );
  printTable(
    "Model engine: requests and tokens",
    ["measured", "estimated before the run"],
    [
      ...measuredBesideEstimate(run, {
        requests: estimated.length,
        promptTokens: estimated.reduce((sum, e) => sum + e.promptTokens, 0),
        completionTokens: estimated.reduce((sum, e) => sum + e.completionTokens, 0),
      }),
      ["drafts grounded in lines / sentences flagged", `${grounded} / ${flagged}`, ""],
    ],
  );
}
