#!/usr/bin/env node
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { draftMinutes } from "../engine/offline.js";
import { rouge, type RougeScores } from "../evaluation/rouge.js";
import { labelsFromSpans, pk } from "../evaluation/segmentation.js";
import { readTranscript } from "../transcripts/index.js";
import { modelNotAvailable } from "./engine-choice.js";

/**
 * `pnpm eval minutes --data <folder>`: scores the minute summariser on meetings with reference
 * summaries and topics, shaped like QMSum's (../shared/datasets/qmsum_committee): ROUGE of the
 * summary, Pk of the agenda items against the topics, and whether every citation exists, each
 * beside the baseline (the transcript's first words; one segment).
 */
const USAGE =
  "Usage: pnpm eval minutes --data <folder of meeting JSON files, like ../shared/datasets/qmsum_committee/val> [--engine offline]";

interface Scores {
  engine: RougeScores;
  baseline: RougeScores;
  pk: number;
  pkSingle: number;
  turns: number;
  citations: { total: number; valid: number };
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { data: { type: "string" }, engine: { type: "string", default: "offline" } },
  });
  if (positionals[0] !== "minutes" || !values.data) throw new Error(USAGE);
  if (values.engine !== "offline") throw new Error(modelNotAvailable(values.engine));
  const folder = path.resolve(values.data);
  const files = (
    await readdir(folder).catch(() => {
      throw new Error(`${values.data} is not a folder. ${USAGE}`);
    })
  )
    .filter((name) => name.endsWith(".json"))
    .sort();
  if (files.length === 0) throw new Error(`${values.data} has no .json meetings. ${USAGE}`);

  console.log(
    `Minute summariser evaluation on ${values.data} (${files.length} meetings), offline engine\n`,
  );
  console.log(
    "meeting              turns  ROUGE-1/2/L engine   baseline            Pk engine  single  citations",
  );
  const all: Scores[] = [];
  for (const file of files) {
    const scores = await scoreMeeting(path.join(folder, file));
    all.push(scores);
    console.log(
      `${file.padEnd(20)} ${String(scores.turns).padStart(5)}  ${triple(scores.engine)}   ${triple(scores.baseline)}   ${scores.pk.toFixed(3)}      ${scores.pkSingle.toFixed(3)}   ${scores.citations.valid}/${scores.citations.total}`,
    );
  }
  const mean = (pick: (scores: Scores) => number) =>
    all.reduce((sum, s) => sum + pick(s), 0) / all.length;
  const average = (pick: (scores: Scores) => RougeScores): RougeScores => ({
    rouge1: mean((s) => pick(s).rouge1),
    rouge2: mean((s) => pick(s).rouge2),
    rougeL: mean((s) => pick(s).rougeL),
  });
  const total = all.reduce((sum, s) => sum + s.citations.total, 0);
  const valid = all.reduce((sum, s) => sum + s.citations.valid, 0);
  console.log(`
Mean over ${all.length} meetings
  summary ROUGE-1 / ROUGE-2 / ROUGE-L (F, ×100): offline ${triple(average((s) => s.engine))}, baseline (first words, reference length) ${triple(average((s) => s.baseline))}
  topic segmentation Pk (lower is better): offline ${mean((s) => s.pk).toFixed(3)}, baseline (one segment) ${mean((s) => s.pkSingle).toFixed(3)}
  citations to turns that exist: ${valid} of ${total} (${total === 0 ? "none made" : `${((100 * valid) / total).toFixed(1)}%`})`);
}

async function scoreMeeting(file: string): Promise<Scores> {
  const data = JSON.parse(await readFile(file, "utf8")) as {
    general_query_list?: { query: string; answer: string }[];
    topic_list?: { relevant_text_span: [string, string][] }[];
  };
  const name = path.basename(file);
  const reference =
    data.general_query_list?.find((entry) => /whole meeting/i.test(entry.query))?.answer ??
    data.general_query_list?.[0]?.answer;
  if (!reference || !data.topic_list?.length) {
    throw new Error(
      `${name} has no reference summary (general_query_list) or topics (topic_list).`,
    );
  }
  const { turns } = await readTranscript(await readFile(file), name);
  const minutes = draftMinutes(turns);

  const referenceLength = reference.split(/\s+/).filter(Boolean).length;
  const lead = turns
    .map((turn) => turn.text)
    .join(" ")
    .split(/\s+/)
    .slice(0, referenceLength)
    .join(" ");
  const topics = data.topic_list.map((topic) =>
    topic.relevant_text_span.map(([from, to]) => [Number(from), Number(to)] as [number, number]),
  );
  const referenceLabels = labelsFromSpans(turns.length, topics);
  const itemLabels = turns.map((turn) =>
    minutes.items.findIndex((item) => item.from <= turn.index && turn.index <= item.to),
  );
  const cited = [
    ...minutes.items.flatMap((item) => item.points),
    ...minutes.decisions,
    ...minutes.actions,
  ].map((point) => point.turns);
  return {
    engine: rouge(minutes.summary, reference),
    baseline: rouge(lead, reference),
    pk: pk(referenceLabels, itemLabels),
    pkSingle: pk(
      referenceLabels,
      turns.map(() => 0),
    ),
    turns: turns.length,
    citations: {
      total: cited.length,
      valid: cited.filter(
        (list) =>
          list.length > 0 &&
          list.every((index) => Number.isInteger(index) && index >= 0 && index < turns.length),
      ).length,
    },
  };
}

function triple(scores: RougeScores): string {
  return [scores.rouge1, scores.rouge2, scores.rougeL]
    .map((value) => (100 * value).toFixed(1))
    .join(" / ");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
