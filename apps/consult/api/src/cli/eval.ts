#!/usr/bin/env node
import path from "node:path";
import { parseArgs } from "node:util";
import { binaryF1, itemF1, sampleF1, type Estimate } from "@bernard/nlp";
import {
  FALLBACK_THEMES,
  NO_REASON,
  OTHER,
  type AnalysisEngine,
  type Theme,
} from "../engine/types.js";
import { chooseEngine } from "./engine-choice.js";
import { DATASET_SHAPES, readDataset, type EvalQuestion } from "./eval-dataset.js";

/**
 * `pnpm eval consult <dataset>`: scores the consultation sorter against a dataset, with whatever
 * ground truth it has (see eval-dataset.ts); what it cannot score it says, with why.
 */
const USAGE = `Usage: pnpm eval consult <dataset> [--engine offline|model|both]

<dataset> (or --data <dataset>) is ${DATASET_SHAPES}.`;

/** Discovered and reference themes match when their responses overlap this much (F1). */
const DISCOVERY_MATCH = 0.3;

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { data: { type: "string" }, engine: { type: "string", default: "both" } },
  });
  const dataset = values.data ?? positionals[1];
  if (positionals[0] !== "consult" || !dataset) throw new Error(USAGE);
  const engines = values.engine === "both" ? ["offline", "model"] : [values.engine];
  const questions = await readDataset(path.resolve(dataset));
  console.log(
    `Consultation sorter evaluation on ${dataset} (${questions.length} ${questions.length === 1 ? "question" : "questions"})\n`,
  );
  for (const question of questions) {
    for (const reason of question.skipped) console.log(`${question.name}: skipped ${reason}.`);
  }
  if (questions.some((question) => question.skipped.length > 0)) console.log("");

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
      mappingPairs.length > 0
        ? `All questions, ${description}: mapping sample F1 ${format(sampleF1(mappingPairs))}\n`
        : `All questions, ${description}: no reference mapping to score.\n`,
    );
  }
}

/**
 * Prints (a) mapping, (b) discovery and (c) stance and evidence for one question, each only where
 * the dataset has its ground truth; returns the mapping pairs (none without a reference mapping).
 */
async function evaluateQuestion(engine: AnalysisEngine, question: EvalQuestion) {
  const quiet = () => undefined;
  const reference = question.reference;
  console.log(`${question.name}: ${question.text}`);
  console.log(`  ${engine.name} engine, ${question.responses.length} responses`);

  let pairs: { predicted: Set<string>; reference: Set<string> }[] = [];
  if (reference) {
    const withFallbacks: Theme[] = [
      ...reference.themes,
      ...FALLBACK_THEMES.filter(
        (fallback) => !reference.themes.some((theme) => theme.id === fallback.id),
      ),
    ];
    const { mapped, unprocessed } = await engine.mapResponses(
      question.responses,
      withFallbacks,
      quiet,
    );
    pairs = question.responses.map((response) => ({
      predicted: new Set(mapped.find((result) => result.id === response.id)?.themeIds ?? []),
      reference: reference.mapping.get(response.id) ?? new Set<string>(),
    }));
    console.log(
      `    (a) mapping to the reference themes: sample F1 ${format(sampleF1(pairs))}${unprocessed.length > 0 ? ` (${unprocessed.length} not mapped, scored as empty)` : ""}`,
    );
  }

  const discovered = await engine.discoverThemes(question.responses, quiet);
  const { mapped } = await engine.mapResponses(
    question.responses,
    [...discovered, ...FALLBACK_THEMES],
    quiet,
  );
  const discoveredLists = new Map(
    mapped.map((response) => [response.id, new Set(response.themeIds)]),
  );
  if (reference) {
    const members = (themeId: string, lists: Map<string, Set<string>>) =>
      new Set([...lists].filter(([, labels]) => labels.has(themeId)).map(([id]) => id));
    const overlap = (discoveredId: string, referenceId: string) =>
      itemF1(members(discoveredId, discoveredLists), members(referenceId, reference.mapping));
    const substantive = reference.themes.filter((theme) =>
      [...reference.mapping.values()].some((labels) => labels.has(theme.id)),
    );
    const matchedReference = substantive.filter((theme) =>
      discovered.some((found) => overlap(found.id, theme.id) >= DISCOVERY_MATCH),
    );
    const unmatchedDiscovered = discovered.filter(
      (found) => !substantive.some((theme) => overlap(found.id, theme.id) >= DISCOVERY_MATCH),
    );
    console.log(
      `    (b) theme discovery: ${discovered.length} themes found; ${matchedReference.length} of ${substantive.length} reference themes matched, ${unmatchedDiscovered.length} found themes match none`,
    );
  } else {
    console.log(`    (b) theme discovery: ${discovered.length} themes found`);
  }
  const share = (themeId: string) =>
    percent(
      mapped.filter((response) => response.themeIds.includes(themeId)).length /
        Math.max(1, mapped.length),
    );
  console.log(
    `        "${OTHER.label}" ${share(OTHER.id)}, "${NO_REASON.label}" ${share(NO_REASON.id)}`,
  );

  if (question.position) {
    const labelled = mapped.filter((response) => question.position!.has(response.id));
    const hits = labelled.filter(
      (response) => question.position!.get(response.id) === response.stance,
    ).length;
    console.log(
      `    (c) stance accuracy ${percent(hits / Math.max(1, labelled.length))} on ${labelled.length} labelled responses`,
    );
  }
  if (question.evidenceRich) {
    const evidence = binaryF1(
      mapped.map((response) => ({
        predicted: response.evidenceRich,
        reference: question.evidenceRich!.get(response.id) ?? false,
      })),
    );
    console.log(
      `    evidence-rich F1 ${evidence.f1.toFixed(2)} (precision ${evidence.precision.toFixed(2)}, recall ${evidence.recall.toFixed(2)})`,
    );
  }
  console.log("    discovered:");
  for (const theme of discovered) {
    console.log(`      ${share(theme.id)}  ${theme.label}: ${theme.description}`);
  }
  console.log("");
  return pairs;
}

function format(estimate: Estimate): string {
  return `${estimate.value.toFixed(3)} (95% CI ${estimate.low.toFixed(3)}–${estimate.high.toFixed(3)})`;
}

function percent(value: number): string {
  return `${(100 * value).toFixed(0)}%`;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
