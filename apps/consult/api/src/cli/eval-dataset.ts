import { existsSync, statSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Stance } from "@bernard/nlp";
import type { ConsultationResponse, Theme } from "../engine/types.js";

/** One question of an evaluation dataset, with whatever ground truth the dataset has. */
export interface EvalQuestion {
  name: string;
  text: string;
  responses: ConsultationResponse[];
  /** Reference themes and each response's reference labels; absent when the dataset has none. */
  reference?: { themes: Theme[]; mapping: Map<string, Set<string>> };
  position?: Map<string, Stance>;
  evidenceRich?: Map<string, boolean>;
  /** What cannot be scored for this question, and why. */
  skipped: string[];
}

export const DATASET_SHAPES = `a folder shaped like themefinder's evaluation sets (inputs/question_part_N/{question.json,responses.jsonl}, optionally outputs/mapping/<date>/question_part_N/{themes.json,mapping.jsonl,sentiment.jsonl,detail_detection.jsonl}), or one .json/.jsonl file of {response_id, response}`;

/**
 * Reads a dataset for `pnpm eval consult`. Only the responses are required: every label file is
 * optional, and what is missing or unreadable is listed in `skipped` instead of stopping the run.
 */
export async function readDataset(target: string): Promise<EvalQuestion[]> {
  if (!existsSync(target)) throw new Error(`${target} does not exist. Give ${DATASET_SHAPES}.`);
  if (statSync(target).isFile()) return [await readResponsesFile(target)];
  const inputs = path.join(target, "inputs");
  if (!existsSync(inputs))
    throw new Error(`${target} has no inputs/ folder. Give ${DATASET_SHAPES}.`);
  const names = (await readdir(inputs)).filter((name) => name.startsWith("question_part_")).sort();
  if (names.length === 0) {
    throw new Error(`${inputs} has no question_part_N folders. Give ${DATASET_SHAPES}.`);
  }
  const run = await latestRun(path.join(target, "outputs/mapping"));
  return Promise.all(
    names.map((name) => readQuestion(path.join(inputs, name), run && path.join(run, name), name)),
  );
}

/** The newest dated run of reference outputs, if there is one. */
async function latestRun(runs: string): Promise<string | undefined> {
  if (!existsSync(runs)) return undefined;
  const dates = (await readdir(runs)).sort();
  return dates.length > 0 ? path.join(runs, dates.at(-1)!) : undefined;
}

async function readQuestion(
  input: string,
  output: string | undefined,
  name: string,
): Promise<EvalQuestion> {
  const questionFile = path.join(input, "question.json");
  const question = existsSync(questionFile)
    ? (JSON.parse(await readFile(questionFile, "utf8")) as { question_text?: string })
    : {};
  const responses = (
    await jsonLines<{ response_id: number | string; response: string }>(
      path.join(input, "responses.jsonl"),
    )
  ).map((line) => ({ id: String(line.response_id), text: line.response ?? "" }));
  const result: EvalQuestion = {
    name,
    text: question.question_text ?? "",
    responses,
    skipped: [],
  };
  if (!question.question_text) result.skipped.push("no question text (question.json)");
  if (!output || !existsSync(output)) {
    result.skipped.push(
      `every score (mapping, discovery, stance, evidence): no reference outputs (outputs/mapping/<date>/${name})`,
    );
    return result;
  }
  const file = (base: string) => path.join(output, base);
  const missing = (base: string, what: string) =>
    result.skipped.push(`${what}: no ${base} in ${output}`);

  if (existsSync(file("themes.json")) && existsSync(file("mapping.jsonl"))) {
    const themes = (
      JSON.parse(await readFile(file("themes.json"), "utf8")) as {
        topic_id: string;
        topic_label: string;
        topic_description?: string;
      }[]
    ).map((theme) => ({
      id: String(theme.topic_id),
      label: theme.topic_label,
      description: theme.topic_description ?? "",
    }));
    const mapping = await byResponse(
      file("mapping.jsonl"),
      (line: { labels?: string[] }) => new Set((line.labels ?? []).map(String)),
    );
    result.reference = { themes, mapping };
  } else {
    missing(
      existsSync(file("themes.json")) ? "mapping.jsonl" : "themes.json",
      "mapping and discovery scores",
    );
  }

  if (existsSync(file("sentiment.jsonl"))) {
    const lines = await jsonLines<{ response_id: number | string; position?: string }>(
      file("sentiment.jsonl"),
    );
    const unknown = lines.filter((line) => stanceLabel(line.position ?? "") === undefined);
    if (unknown.length > 0) {
      const examples = [...new Set(unknown.map((line) => JSON.stringify(line.position ?? null)))];
      result.skipped.push(
        `${unknown.length} stance labels not understood (${examples.slice(0, 3).join(", ")}): those responses are left out of stance accuracy`,
      );
    }
    result.position = new Map(
      lines.flatMap((line) => {
        const stance = stanceLabel(line.position ?? "");
        return stance ? [[String(line.response_id), stance] as const] : [];
      }),
    );
  } else {
    missing("sentiment.jsonl", "stance accuracy");
  }

  if (existsSync(file("detail_detection.jsonl"))) {
    result.evidenceRich = await byResponse(
      file("detail_detection.jsonl"),
      (line: { evidence_rich?: string | boolean }) =>
        line.evidence_rich === true || String(line.evidence_rich).toUpperCase() === "YES",
    );
  } else {
    missing("detail_detection.jsonl", "evidence-rich F1");
  }
  return result;
}

/**
 * A reference stance in any of the spellings datasets use ("AGREE", "Agreement", "disagree",
 * "POSITIVE", "unclear"…); undefined for one it does not know.
 */
export function stanceLabel(value: string): Stance | undefined {
  const label = value.trim().toLowerCase();
  if (
    /^(?:strongly |somewhat )?(?:agree|agreement|support|supportive|for|yes|positive|pro)$/.test(
      label,
    )
  )
    return "support";
  if (
    /^(?:strongly |somewhat )?(?:disagree|disagreement|oppose|opposed|opposition|against|no|negative|anti)$/.test(
      label,
    )
  )
    return "oppose";
  if (/^(?:unclear|neutral|mixed|neither|none|unsure|don'?t know|n\/a|other)$/.test(label))
    return "neutral";
  return undefined;
}

/** A file of responses alone (a JSON array or JSON Lines of {response_id, response}): no labels. */
async function readResponsesFile(file: string): Promise<EvalQuestion> {
  const content = await readFile(file, "utf8");
  const lines = (
    file.endsWith(".jsonl") ? await jsonLines(file) : (JSON.parse(content) as unknown)
  ) as { response_id?: number | string; id?: number | string; response?: string; text?: string }[];
  if (!Array.isArray(lines))
    throw new Error(`${file} is not a list of responses. Give ${DATASET_SHAPES}.`);
  return {
    name: path.basename(file),
    text: "",
    responses: lines.map((line, index) => ({
      id: String(line.response_id ?? line.id ?? index + 1),
      text: line.response ?? line.text ?? "",
    })),
    skipped: [
      "no question text: stance is not split",
      "every score (mapping, discovery, stance, evidence): the file has responses only, no reference labels",
    ],
  };
}

async function byResponse<T, V>(file: string, value: (line: T) => V): Promise<Map<string, V>> {
  const lines = await jsonLines<T & { response_id: number | string }>(file);
  return new Map(lines.map((line) => [String(line.response_id), value(line)]));
}

async function jsonLines<T>(file: string): Promise<T[]> {
  return (await readFile(file, "utf8")).split("\n").flatMap((line, index) => {
    if (!line.trim()) return [];
    try {
      return [JSON.parse(line) as T];
    } catch {
      throw new Error(`${file}, line ${index + 1}, is not valid JSON.`);
    }
  });
}
