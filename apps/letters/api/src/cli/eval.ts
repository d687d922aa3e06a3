#!/usr/bin/env node
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { bm25Index, rougeL, terms } from "@bernard/nlp";
import { draftReply, usableIndex } from "../engine/draft.js";
import { rankLines } from "../engine/retrieve.js";
import { extractLetter } from "../intake/extract.js";
import type { Line } from "../lines/lines.js";

const USAGE =
  "Usage: pnpm eval letters --data <folder with letters.jsonl, lines.jsonl, gold.jsonl>";
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
    options: { data: { type: "string" } },
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
  for (const useTitles of [false, true]) {
    const index = usableIndex(lines, { date, useTitles });
    const plain = bm25Index(lines.map((l) => terms(useTitles ? `${l.title}\n${l.text}` : l.text)));
    const sums = {
      rr: 0,
      s1: 0,
      rprec: 0,
      brr: 0,
      bs1: 0,
      brprec: 0,
      cp: 0,
      cpN: 0,
      cr: 0,
      rouge: 0,
      flaggedOthers: 0,
    };
    let removedFlagged = 0;
    let removedCount = 0;
    letters.forEach((letter, n) => {
      const g = gold.get(letter.letter_id)!;
      const relevant = new Set(g.relevant_line_ids.map((id) => opaque.get(id)!));
      const details = { ...extractLetter(letter.body), subject: letter.subject };
      const ranked = rankLines(index, details.points.join("\n\n")).map((m) => m.line.id);
      const ours = rankScores(ranked, relevant);
      const scores = plain.scores(terms(details.points.join("\n\n")));
      const plainRanked = [...scores.keys()]
        .sort((a, b) => scores[b]! - scores[a]!)
        .map((i) => lines[i]!.id);
      const base = rankScores(plainRanked, relevant);
      sums.rr += ours.rr;
      sums.s1 += ours.s1;
      sums.rprec += ours.rprec;
      sums.brr += base.rr;
      sums.bs1 += base.s1;
      sums.brprec += base.rprec;
      const draft = draftReply(details, index, { date, useTitles });
      const cited = new Set(draft.paragraphs.flatMap((p) => p.lines));
      if (cited.size > 0) {
        sums.cp += [...cited].filter((id) => relevant.has(id)).length / cited.size;
        sums.cpN += 1;
      }
      sums.cr += [...relevant].filter((id) => cited.has(id)).length / relevant.size;
      sums.rouge += rougeL(draft.paragraphs.map((p) => p.text).join("\n\n"), g.reference_reply);
      if (cited.size === 0) sums.flaggedOthers += 1;
      // The "no approved line" test on every other letter: its own lines removed.
      if (n % 2 === 0) {
        removedCount += 1;
        const without = usableIndex(
          lines.filter((l) => !relevant.has(l.id)),
          { date, useTitles },
        );
        const d = draftReply(details, without, { date, useTitles });
        const c = d.paragraphs.flatMap((p) => p.lines);
        if (c.length === 0 && d.flags.some((f) => f.kind === "no-approved-line"))
          removedFlagged += 1;
      }
    });
    const k = letters.length;
    const f = (x: number) => x.toFixed(2);
    console.log(
      `\nTitles ${useTitles ? "shown" : "hidden"} (${k} letters, ${lines.length} lines, ids hidden)`,
    );
    console.log(
      `  retrieval      MRR ${f(sums.rr / k)}  S@1 ${f(sums.s1 / k)}  R-prec ${f(sums.rprec / k)}   plain BM25 (same run): MRR ${f(sums.brr / k)}  S@1 ${f(sums.bs1 / k)}  R-prec ${f(sums.brprec / k)}   stated baseline: MRR ${BASELINE.mrr}  S@1 ${BASELINE.s1}  R-prec ${BASELINE.rprec}; goals MRR ≥ 0.95, R-prec ≥ 0.70`,
    );
    console.log(
      `  citations      precision ${f(sums.cpN ? sums.cp / sums.cpN : 0)} (over ${sums.cpN} drafts citing lines; goal ≥ 0.90)  recall ${f(sums.cr / k)}`,
    );
    console.log(`  ROUGE-L (F)    ${f(sums.rouge / k)}`);
    console.log(
      `  no approved line: ${removedFlagged} of ${removedCount} letters without their lines flagged and citing nothing (${f((100 * removedFlagged) / removedCount)}%, goal ≥ 90%); letters with their lines citing nothing: ${sums.flaggedOthers} of ${k} (${f((100 * sums.flaggedOthers) / k)}%, goal ≤ 10%)`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
