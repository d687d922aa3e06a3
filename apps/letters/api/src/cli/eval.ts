#!/usr/bin/env node
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { bm25Index, rougeL, terms } from "@bernard/nlp";
import { commandLineModelClient, LlmClient } from "@bernard/llm";
import { startFakeOpenAi } from "@bernard/llm/testing";
import { draftReply, usableIndex, type DraftOptions } from "../engine/draft.js";
import { draftReplyWithModel } from "../engine/model.js";
import { rankLinesForLetter, type LineIndex } from "../engine/retrieve.js";
import { offlineStandIn } from "../engine/stand-in-model.js";
import type { Draft } from "../engine/types.js";
import { extractLetter, type LetterDetails } from "../intake/extract.js";
import type { Line } from "../lines/lines.js";

const USAGE =
  "Usage: pnpm eval letters --data <folder with letters.jsonl, lines.jsonl, gold.jsonl> [--engine offline|model|both]";
const BASELINE = { mrr: 0.8, s1: 0.74, rprec: 0.4 };

interface Letter {
  letter_id: string;
  subject: string;
  body: string;
}
interface Gold {
  letter_id: string;
  relevant_line_ids: string[];
  reference_reply: string;
}

async function jsonl<T>(file: string): Promise<T[]> {
  const text = await readFile(file, "utf8").catch(() => {
    throw new Error(`Cannot read ${file}. ${USAGE}`);
  });
  return text
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** Rank-based scores of one ranking against the relevant ids. */
function rankScores(ranked: string[], relevant: Set<string>) {
  const first = ranked.findIndex((id) => relevant.has(id));
  const top = ranked.slice(0, relevant.size).filter((id) => relevant.has(id)).length;
  return {
    rr: first === -1 ? 0 : 1 / (first + 1),
    s1: first === 0 ? 1 : 0,
    rprec: top / relevant.size,
  };
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { data: { type: "string" }, engine: { type: "string" } },
  });
  if (positionals[0] !== "letters" || !values.data) throw new Error(USAGE);
  const letters = await jsonl<Letter>(path.join(values.data, "letters.jsonl"));
  const gold = new Map(
    (await jsonl<Gold>(path.join(values.data, "gold.jsonl"))).map((g) => [g.letter_id, g]),
  );
  const raw = await jsonl<{
    line_id: string;
    title: string;
    topic: string;
    text: string;
    approved_on: string;
  }>(path.join(values.data, "lines.jsonl"));
  // IDs are hidden from the system: lines get opaque ids, in a shuffled-by-hash order.
  const opaque = new Map(
    raw.map((r, i) => [r.line_id, `line-${((i * 7919) % raw.length).toString().padStart(4, "0")}`]),
  );
  const lines: Line[] = raw.map((r) => ({
    id: opaque.get(r.line_id)!,
    title: r.title,
    topic: r.topic,
    text: r.text,
    approvedOn: r.approved_on,
    status: "current",
  }));
  const date = "2030-01-01";
  const engines = await evaluatedEngines(values.engine ?? "both");
  try {
    for (const useTitles of [false, true]) {
      const options = { date, useTitles };
      const index = usableIndex(lines, options);
      const plain = bm25Index(
        lines.map((l) => terms(useTitles ? `${l.title}\n${l.text}` : l.text)),
      );
      const retrieval = { rr: 0, s1: 0, rprec: 0, brr: 0, bs1: 0, brprec: 0 };
      const cases = letters.map((letter) => {
        const g = gold.get(letter.letter_id)!;
        const relevant = new Set(g.relevant_line_ids.map((id) => opaque.get(id)!));
        const details = { ...extractLetter(letter.body), subject: letter.subject };
        const ours = rankScores(
          rankLinesForLetter(index, details.points).map((m) => m.line.id),
          relevant,
        );
        const scores = plain.scores(terms(details.points.join("\n\n")));
        const base = rankScores(
          [...scores.keys()].sort((a, b) => scores[b]! - scores[a]!).map((i) => lines[i]!.id),
          relevant,
        );
        retrieval.rr += ours.rr;
        retrieval.s1 += ours.s1;
        retrieval.rprec += ours.rprec;
        retrieval.brr += base.rr;
        retrieval.bs1 += base.s1;
        retrieval.brprec += base.rprec;
        return { details, relevant, reference: g.reference_reply };
      });
      const k = letters.length;
      console.log(
        `\nTitles ${useTitles ? "shown" : "hidden"} (${k} letters, ${lines.length} lines, ids hidden)`,
      );
      console.log(
        `  retrieval      MRR ${f(retrieval.rr / k)}  S@1 ${f(retrieval.s1 / k)}  R-prec ${f(retrieval.rprec / k)}   plain BM25 (same run): MRR ${f(retrieval.brr / k)}  S@1 ${f(retrieval.bs1 / k)}  R-prec ${f(retrieval.brprec / k)}   stated baseline: MRR ${BASELINE.mrr}  S@1 ${BASELINE.s1}  R-prec ${BASELINE.rprec}; goals MRR ≥ 0.95, R-prec ≥ 0.70`,
      );
      for (const engine of engines) {
        const sums = { cp: 0, cpN: 0, cr: 0, rouge: 0, citingNothing: 0, ungrounded: 0 };
        let removedFlagged = 0;
        let removedCount = 0;
        for (const [n, { details, relevant, reference }] of cases.entries()) {
          const draft = await engine.draft(details, index, lines, options);
          const cited = new Set(draft.paragraphs.flatMap((p) => p.lines));
          if (cited.size > 0) {
            sums.cp += [...cited].filter((id) => relevant.has(id)).length / cited.size;
            sums.cpN += 1;
          }
          sums.cr += [...relevant].filter((id) => cited.has(id)).length / relevant.size;
          sums.rouge += rougeL(draft.paragraphs.map((p) => p.text).join("\n\n"), reference);
          if (cited.size === 0) sums.citingNothing += 1;
          sums.ungrounded += draft.flags.filter(
            (flag) => flag.kind === "unsupported" || flag.kind === "commitment",
          ).length;
          // The "no approved line" test on every other letter: its own lines removed.
          if (n % 2 === 0) {
            removedCount += 1;
            const rest = lines.filter((l) => !relevant.has(l.id));
            const without = await engine.draft(details, usableIndex(rest, options), rest, options);
            const c = without.paragraphs.flatMap((p) => p.lines);
            if (c.length === 0 && without.flags.some((flag) => flag.kind === "no-approved-line"))
              removedFlagged += 1;
          }
        }
        console.log(`  ${engine.name}`);
        console.log(
          `    citations    precision ${f(sums.cpN ? sums.cp / sums.cpN : 0)} (over ${sums.cpN} drafts citing lines; goal ≥ 0.90)  recall ${f(sums.cr / k)}`,
        );
        console.log(
          `    ROUGE-L (F)  ${f(sums.rouge / k)}   sentences flagged unsupported or promising what no line does: ${sums.ungrounded}`,
        );
        console.log(
          `    no approved line: ${removedFlagged} of ${removedCount} letters without their lines flagged and citing nothing (${f((100 * removedFlagged) / removedCount)}%, goal ≥ 90%); letters with their lines citing nothing: ${sums.citingNothing} of ${k} (${f((100 * sums.citingNothing) / k)}%, goal ≤ 10%)`,
        );
      }
    }
  } finally {
    await Promise.all(engines.map((engine) => engine.close()));
  }
}

const f = (x: number) => x.toFixed(2);

interface EvaluatedEngine {
  name: string;
  draft(
    details: LetterDetails,
    index: LineIndex,
    lines: readonly Line[],
    options: DraftOptions,
  ): Promise<Draft>;
  close(): Promise<void>;
}

/**
 * The engines to evaluate. The model engine runs against the provider in the BERNARD_LLM_*
 * settings or, with none, against a fake server answering with the offline engine: that proves
 * the pipeline (redaction, validation, grounding checks) end to end but measures no model.
 */
async function evaluatedEngines(which: string): Promise<EvaluatedEngine[]> {
  if (!["offline", "model", "both"].includes(which))
    throw new Error(`--engine must be offline, model or both, not "${which}".`);
  const engines: EvaluatedEngine[] = [];
  if (which !== "model")
    engines.push({
      name: "offline engine",
      draft: async (details, index, _lines, options) => draftReply(details, index, options),
      close: async () => undefined,
    });
  if (which === "offline") return engines;
  const configured = commandLineModelClient(process.env, { command: "pnpm eval", tool: "letters" });
  const fake = configured ? undefined : await startFakeOpenAi({ reply: offlineStandIn() });
  const client =
    configured ??
    new LlmClient({
      provider: { kind: "openai-compatible", baseUrl: fake!.url, apiKey: "stand-in" },
      model: "offline-stand-in",
      attribution: { tool: "letters" },
    });
  engines.push({
    name: fake
      ? "model engine against a fake server answering with the offline engine (no model configured: proves the pipeline, measures no model)"
      : `model engine (${client.model})`,
    draft: (details, index, lines, options) =>
      draftReplyWithModel(details, index, { ...options, client, allLines: lines }),
    close: async () => fake?.close(),
  });
  return engines;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
