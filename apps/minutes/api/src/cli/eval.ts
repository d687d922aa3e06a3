#!/usr/bin/env node
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { LlmClient } from "@bernard/llm";
import { startFakeOpenAi, type FakeOpenAi } from "@bernard/llm/testing";
import { draftMinutesWithModel } from "../engine/model.js";
import { draftMinutes } from "../engine/offline.js";
import { offlineStandIn } from "../engine/stand-in-model.js";
import type { Minutes } from "../engine/types.js";
import { rouge, type RougeScores } from "@bernard/nlp";
import { labelsFromSpans, pk } from "../evaluation/segmentation.js";
import { readTranscript } from "../transcripts/index.js";
import type { Turn } from "../transcripts/types.js";
import { modelClientFromEnv } from "./engine-choice.js";

/**
 * `pnpm eval minutes --data <folder>`: scores the minute summariser on meetings with reference
 * summaries and topics, shaped like QMSum's (../shared/datasets/qmsum_committee): ROUGE of the
 * summary, Pk of the agenda items against the topics, and whether every citation exists, for
 * each engine, beside the baseline (the transcript's first words; one segment). The model engine
 * uses the model the BERNARD_LLM_* settings name, or else runs against the fake
 * OpenAI-compatible server answering with the offline engine (which proves the pipeline, not a
 * model's quality).
 */
const USAGE =
  "Usage: pnpm eval minutes --data <folder of meeting JSON files, like ../shared/datasets/qmsum_committee/val> [--engine offline|model|both]";

type Drafter = (turns: Turn[]) => Promise<Minutes>;

interface Scores {
  engine: RougeScores;
  pk: number;
  citations: { total: number; valid: number; unsupported: number };
}

interface Meeting {
  file: string;
  turns: Turn[];
  reference: string;
  topics: [number, number][][];
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { data: { type: "string" }, engine: { type: "string", default: "both" } },
  });
  if (positionals[0] !== "minutes" || !values.data) throw new Error(USAGE);
  if (!["offline", "model", "both"].includes(values.engine)) {
    throw new Error(`There is no engine called "${values.engine}". ${USAGE}`);
  }
  const folder = path.resolve(values.data);
  const files = (
    await readdir(folder).catch(() => {
      throw new Error(`${values.data} is not a folder. ${USAGE}`);
    })
  )
    .filter((name) => name.endsWith(".json"))
    .sort();
  if (files.length === 0) throw new Error(`${values.data} has no .json meetings. ${USAGE}`);
  const meetings = await Promise.all(files.map((file) => readMeeting(path.join(folder, file))));

  const engines: { name: string; draft: Drafter }[] = [];
  let fake: FakeOpenAi | undefined;
  if (values.engine !== "model") {
    engines.push({ name: "offline", draft: async (turns) => draftMinutes(turns) });
  }
  if (values.engine !== "offline") {
    let client: LlmClient;
    let label: string;
    if (process.env.BERNARD_LLM_PROVIDER || process.env.BERNARD_LLM_BASE_URL) {
      client = modelClientFromEnv();
      label = `model (${client.model})`;
    } else {
      fake = await startFakeOpenAi({ reply: offlineStandIn() });
      client = new LlmClient({
        provider: { kind: "openai-compatible", baseUrl: fake.url },
        model: "fake",
      });
      label = "model (fake server, offline stand-in)";
    }
    engines.push({ name: label, draft: (turns) => draftMinutesWithModel(turns, { client }) });
  }

  try {
    console.log(
      `Minute summariser evaluation on ${values.data} (${files.length} meetings), engines: ${engines.map((engine) => engine.name).join("; ")}\n`,
    );
    const baseline = meetings.map((meeting) => ({
      rouge: rouge(leadOf(meeting), meeting.reference),
      pk: pk(
        labelsOf(meeting),
        meeting.turns.map(() => 0),
      ),
    }));
    const results: Scores[][] = [];
    for (const engine of engines) {
      console.log(
        `${engine.name}\nmeeting              turns  ROUGE-1/2/L engine   baseline            Pk engine  single  citations`,
      );
      const scores: Scores[] = [];
      for (const [index, meeting] of meetings.entries()) {
        const score = scoreMinutes(meeting, await engine.draft(meeting.turns));
        scores.push(score);
        console.log(
          `${meeting.file.padEnd(20)} ${String(meeting.turns.length).padStart(5)}  ${triple(score.engine)}   ${triple(baseline[index]!.rouge)}   ${score.pk.toFixed(3)}      ${baseline[index]!.pk.toFixed(3)}   ${score.citations.valid}/${score.citations.total}`,
        );
      }
      results.push(scores);
      console.log();
    }
    const mean = <T>(list: T[], pick: (item: T) => number) =>
      list.reduce((sum, item) => sum + pick(item), 0) / list.length;
    const average = (list: RougeScores[]): RougeScores => ({
      rouge1: mean(list, (s) => s.rouge1),
      rouge2: mean(list, (s) => s.rouge2),
      rougeL: mean(list, (s) => s.rougeL),
    });
    console.log(`Mean over ${meetings.length} meetings (ROUGE F ×100; Pk lower is better)`);
    console.log(
      `  baseline: ROUGE-1/2/L ${triple(average(baseline.map((b) => b.rouge)))} (first words, reference length); Pk ${mean(baseline, (b) => b.pk).toFixed(3)} (one segment)`,
    );
    for (const [index, engine] of engines.entries()) {
      const scores = results[index]!;
      const total = scores.reduce((sum, s) => sum + s.citations.total, 0);
      const valid = scores.reduce((sum, s) => sum + s.citations.valid, 0);
      const unsupported = scores.reduce((sum, s) => sum + s.citations.unsupported, 0);
      console.log(
        `  ${engine.name}: ROUGE-1/2/L ${triple(average(scores.map((s) => s.engine)))}; Pk ${mean(scores, (s) => s.pk).toFixed(3)}; citations to turns that exist: ${valid} of ${total} (${total === 0 ? "none made" : `${((100 * valid) / total).toFixed(1)}%`}); marked unsupported: ${unsupported}`,
      );
    }
  } finally {
    await fake?.close();
  }
}

async function readMeeting(file: string): Promise<Meeting> {
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
  const topics = data.topic_list.map((topic) =>
    topic.relevant_text_span.map(([from, to]) => [Number(from), Number(to)] as [number, number]),
  );
  return { file: name, turns, reference, topics };
}

function leadOf(meeting: Meeting): string {
  const length = meeting.reference.split(/\s+/).filter(Boolean).length;
  return meeting.turns
    .map((turn) => turn.text)
    .join(" ")
    .split(/\s+/)
    .slice(0, length)
    .join(" ");
}

function labelsOf(meeting: Meeting): number[] {
  return labelsFromSpans(meeting.turns.length, meeting.topics);
}

/**
 * Scores one engine's minutes. A citation counts as valid when every turn it names exists; points
 * the model engine marked unsupported cite nothing and are counted apart, for a person to check.
 */
function scoreMinutes(meeting: Meeting, minutes: Minutes): Scores {
  const { turns } = meeting;
  const itemLabels = turns.map((turn) =>
    minutes.items.findIndex((item) => item.from <= turn.index && turn.index <= item.to),
  );
  const points = [
    ...minutes.items.flatMap((item) => item.points),
    ...minutes.decisions,
    ...minutes.actions,
  ];
  const cited = points.filter((point) => !point.unsupported).map((point) => point.turns);
  return {
    engine: rouge(minutes.summary, meeting.reference),
    pk: pk(labelsOf(meeting), itemLabels),
    citations: {
      total: cited.length,
      valid: cited.filter(
        (list) =>
          list.length > 0 &&
          list.every((index) => Number.isInteger(index) && index >= 0 && index < turns.length),
      ).length,
      unsupported: points.length - cited.length,
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
