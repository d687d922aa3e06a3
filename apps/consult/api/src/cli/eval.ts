#!/usr/bin/env node
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { binaryF1, itemF1, sampleF1, type Estimate } from "@bernard/nlp";
import {
  FALLBACK_THEMES,
  type AnalysisEngine,
  type ConsultationResponse,
  type Theme,
} from "../engine/types.js";
import { chooseEngine } from "./engine-choice.js";

/**
 * `pnpm eval consult --data <dir>`: scores the consultation sorter against a dataset with ground
 * truth, shaped like themefinder's evaluation sets (inputs/question_part_N with the responses,
 * outputs/mapping/<date>/question_part_N with the reference themes and labels).
 */
const USAGE =
  "Usage: pnpm eval consult --data <folder shaped like ../shared/datasets/gambling_XS> [--engine offline|model|both]";

interface Question {
  name: string;
  text: string;
  responses: ConsultationResponse[];
  themes: Theme[];
  mapping: Map<string, Set<string>>;
  position: Map<string, string>;
  evidenceRich: Map<string, boolean>;
}

/** Discovered and reference themes match when their responses overlap this much (F1). */
const DISCOVERY_MATCH = 0.3;

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { data: { type: "string" }, engine: { type: "string", default: "both" } },
  });
  if (positionals[0] !== "consult" || !values.data) throw new Error(USAGE);
  const engines = values.engine === "both" ? ["offline", "model"] : [values.engine];
  const questions = await readDataset(path.resolve(values.data));
  console.log(`Consultation sorter evaluation on ${values.data} (${questions.length} questions)\n`);

  for (const name of engines) {
    const mappingPairs: { predicted: Set<string>; reference: Set<string> }[] = [];
    let description = name;
    for (const question of questions) {
      const chosen = await chooseEngine(name, question.text, process.env, { standIn: true });
      description = chosen.description;
      try {
        const pairs = await evaluateQuestion(chosen.engine, question);
        mappingPairs.push(...pairs);
      } finally {
        await chosen.close();
      }
    }
    console.log(
      `All questions, ${description}: mapping sample F1 ${format(sampleF1(mappingPairs))}\n`,
    );
  }
}

/** Prints (a) mapping, (b) discovery and (c) stance and evidence for one question; returns the mapping pairs. */
async function evaluateQuestion(engine: AnalysisEngine, question: Question) {
  const quiet = () => undefined;
  const withFallbacks: Theme[] = [
    ...question.themes,
    ...FALLBACK_THEMES.filter(
      (fallback) => !question.themes.some((theme) => theme.id === fallback.id),
    ),
  ];
  const { mapped, unprocessed } = await engine.mapResponses(
    question.responses,
    withFallbacks,
    quiet,
  );
  const pairs = question.responses.map((response) => ({
    predicted: new Set(mapped.find((result) => result.id === response.id)?.themeIds ?? []),
    reference: question.mapping.get(response.id) ?? new Set<string>(),
  }));

  const discovered = await engine.discoverThemes(question.responses, quiet);
  const onDiscovered = (await engine.mapResponses(question.responses, discovered, quiet)).mapped;
  const members = (themeId: string, lists: Map<string, Set<string>>) =>
    new Set([...lists].filter(([, labels]) => labels.has(themeId)).map(([id]) => id));
  const discoveredLists = new Map(
    onDiscovered.map((response) => [response.id, new Set(response.themeIds)]),
  );
  const overlap = (discoveredId: string, referenceId: string) =>
    itemF1(members(discoveredId, discoveredLists), members(referenceId, question.mapping));
  const substantive = question.themes.filter((theme) =>
    [...question.mapping.values()].some((labels) => labels.has(theme.id)),
  );
  const matchedReference = substantive.filter((reference) =>
    discovered.some((theme) => overlap(theme.id, reference.id) >= DISCOVERY_MATCH),
  );
  const unmatchedDiscovered = discovered.filter(
    (theme) => !substantive.some((reference) => overlap(theme.id, reference.id) >= DISCOVERY_MATCH),
  );

  const stanceOf = { AGREE: "support", DISAGREE: "oppose", UNCLEAR: "neutral" } as Record<
    string,
    string
  >;
  const stanceHits = mapped.filter(
    (response) => stanceOf[question.position.get(response.id) ?? ""] === response.stance,
  ).length;
  const evidence = binaryF1(
    mapped.map((response) => ({
      predicted: response.evidenceRich,
      reference: question.evidenceRich.get(response.id) ?? false,
    })),
  );

  console.log(`${question.name}: ${question.text}`);
  console.log(
    `  ${engine.name} engine, ${question.responses.length} responses${unprocessed.length > 0 ? ` (${unprocessed.length} not mapped, scored as empty)` : ""}`,
  );
  console.log(`    (a) mapping to the reference themes: sample F1 ${format(sampleF1(pairs))}`);
  console.log(
    `    (b) theme discovery: ${discovered.length} themes found; ${matchedReference.length} of ${substantive.length} reference themes matched, ${unmatchedDiscovered.length} found themes match none`,
  );
  console.log(
    `    (c) stance accuracy ${percent(stanceHits / Math.max(1, mapped.length))}; evidence-rich F1 ${evidence.f1.toFixed(2)} (precision ${evidence.precision.toFixed(2)}, recall ${evidence.recall.toFixed(2)})`,
  );
  console.log(`    discovered: ${discovered.map((theme) => theme.label).join(" | ")}\n`);
  return pairs;
}

function format(estimate: Estimate): string {
  return `${estimate.value.toFixed(3)} (95% CI ${estimate.low.toFixed(3)}–${estimate.high.toFixed(3)})`;
}

function percent(value: number): string {
  return `${(100 * value).toFixed(0)}%`;
}

async function readDataset(root: string): Promise<Question[]> {
  const inputs = path.join(root, "inputs");
  const runs = path.join(root, "outputs/mapping");
  if (!existsSync(inputs) || !existsSync(runs)) {
    throw new Error(`${root} has no inputs/ and outputs/mapping/ folders. ${USAGE}`);
  }
  const run = path.join(runs, (await readdir(runs)).sort().at(-1)!);
  const names = (await readdir(inputs)).filter((name) => name.startsWith("question_part_")).sort();
  return Promise.all(
    names.map(async (name) => {
      const question = JSON.parse(
        await readFile(path.join(inputs, name, "question.json"), "utf8"),
      ) as {
        question_text: string;
      };
      const responses = (
        await jsonLines<{ response_id: number | string; response: string }>(
          path.join(inputs, name, "responses.jsonl"),
        )
      ).map((line) => ({ id: String(line.response_id), text: line.response }));
      const themes = (
        JSON.parse(await readFile(path.join(run, name, "themes.json"), "utf8")) as {
          topic_id: string;
          topic_label: string;
          topic_description: string;
        }[]
      ).map((theme) => ({
        id: theme.topic_id,
        label: theme.topic_label,
        description: theme.topic_description,
      }));
      const byId = async <T extends { response_id: number | string }, V>(
        file: string,
        value: (line: T) => V,
      ) =>
        new Map(
          (await jsonLines<T>(path.join(run, name, file))).map((line) => [
            String(line.response_id),
            value(line),
          ]),
        );
      return {
        name,
        text: question.question_text,
        responses,
        themes,
        mapping: await byId<{ response_id: number; labels: string[] }, Set<string>>(
          "mapping.jsonl",
          (line) => new Set(line.labels),
        ),
        position: await byId<{ response_id: number; position: string }, string>(
          "sentiment.jsonl",
          (line) => line.position,
        ),
        evidenceRich: await byId<{ response_id: number; evidence_rich: string }, boolean>(
          "detail_detection.jsonl",
          (line) => line.evidence_rich === "YES",
        ),
      };
    }),
  );
}

async function jsonLines<T>(file: string): Promise<T[]> {
  return (await readFile(file, "utf8"))
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
