#!/usr/bin/env node
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { draftMinutesWithModel, estimateModelDraft } from "../engine/model.js";
import { draftMinutes } from "../engine/offline.js";
import {
  builtInTemplate,
  parseTemplate,
  TEMPLATE_IDS,
  type MinutesTemplate,
} from "../engine/templates.js";
import { minutesMarkdown } from "../export/markdown.js";
import { minutesDocx } from "../export/word.js";
import { readTranscript } from "../transcripts/index.js";
import { isEngine, modelClientFromEnv, unknownEngine } from "./engine-choice.js";

const USAGE = `Usage: pnpm minutes draft <transcript> --out <minutes.md|minutes.docx|minutes.json>
         [--engine offline|model] [--template ${TEMPLATE_IDS.join("|")}|<template.json>]
         [--date YYYY-MM-DD] [--agenda <file with one agenda item a line>]
         [--title <the meeting's title>] [--chair <the chair's name>]

Reads the transcript (Teams or Zoom .vtt or .docx, .srt, plain "Name: words" text or JSON turns)
and drafts minutes: agenda items with the points made in reported speech, decisions, actions with
owners and due dates (worked out from --date), attendees, apologies and a summary. Every point
cites the transcript turns it came from (0-based). The offline engine (the default) needs no
model; --engine model uses the model named by the BERNARD_LLM_* settings, says what it will take
first, and marks anything it could not check. Word (.docx) is the same document the app exports:
citations as footnotes with each turn's speaker and time, the actions as a table.`;

/** `pnpm minutes draft`: minutes from a transcript without a browser or a database. */
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      out: { type: "string" },
      engine: { type: "string", default: "offline" },
      template: { type: "string", default: "formal" },
      date: { type: "string" },
      agenda: { type: "string" },
      title: { type: "string" },
      chair: { type: "string" },
    },
  });
  const [command, file] = positionals;
  if (command !== "draft" || !file || !values.out) throw new Error(USAGE);
  if (!isEngine(values.engine)) throw new Error(unknownEngine(values.engine));
  const template = await templateFrom(values.template);
  if (values.date !== undefined && !isDate(values.date)) {
    throw new Error(
      `--date ${values.date} is not a date: write it as YYYY-MM-DD, for example 2026-12-02.`,
    );
  }
  const extension = path.extname(values.out).toLowerCase();
  if (![".md", ".json", ".docx"].includes(extension)) {
    throw new Error(`--out ${values.out} must end in .md (Markdown), .docx (Word) or .json.`);
  }
  const client = values.engine === "model" ? modelClientFromEnv() : undefined;

  const transcript = await readTranscript(await readInput(file), path.basename(file));
  const agenda = values.agenda
    ? (await readInput(values.agenda))
        .toString("utf8")
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean)
    : undefined;
  const options = {
    ...(values.date ? { date: values.date } : {}),
    ...(agenda ? { agenda } : {}),
    template,
  };
  let minutes;
  if (client) {
    const estimate = await estimateModelDraft(transcript.turns, {
      ...options,
      model: client.model,
    });
    console.log(
      `The model engine (${client.model}) will read ${estimate.parts} part${estimate.parts > 1 ? "s" : ""} of the meeting in ${estimate.requests} requests: about ${estimate.promptTokens.toLocaleString("en-GB")} prompt and ${estimate.completionTokens.toLocaleString("en-GB")} reply tokens${estimate.costUsd === null ? "" : `, about $${estimate.costUsd.toFixed(2)}`}, ${estimate.minutes} minute${estimate.minutes > 1 ? "s" : ""}.`,
    );
    minutes = await draftMinutesWithModel(transcript.turns, {
      ...options,
      client,
      progress: ({ stage, done, total }) => console.log(`${stage}: ${done} of ${total}`),
    });
  } else {
    minutes = draftMinutes(transcript.turns, options);
  }
  const meeting = {
    title: values.title ?? path.basename(file).replace(/\.[^.]+$/, ""),
    chair: values.chair ?? null,
  };
  await writeFile(
    values.out,
    extension === ".json"
      ? `${JSON.stringify(minutes, null, 2)}\n`
      : extension === ".docx"
        ? await minutesDocx(minutes, template, meeting, transcript.turns)
        : minutesMarkdown(minutes, template, meeting),
  );
  const unsupported = [
    ...minutes.items.flatMap((item) => item.points),
    ...minutes.decisions,
    ...minutes.actions,
  ].filter((point) => point.unsupported || point.problems).length;
  console.log(
    `Read ${transcript.turns.length} turns (${transcript.format}) from ${file}; wrote ${minutes.items.length} items, ${minutes.decisions.length} decisions and ${minutes.actions.length} actions to ${values.out}.${unsupported > 0 ? ` ${unsupported} entries are marked for you to check.` : ""}`,
  );
}

/** A built-in template by id, or a template of one's own from a JSON file, checked. */
async function templateFrom(value: string): Promise<MinutesTemplate> {
  const builtIn = builtInTemplate(value);
  if (builtIn) return builtIn;
  if (!value.toLowerCase().endsWith(".json")) {
    throw new Error(
      `There is no template called "${value}": choose ${TEMPLATE_IDS.join(", ")}, or give a template's .json file.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse((await readInput(value)).toString("utf8"));
  } catch (error) {
    if (error instanceof SyntaxError)
      throw new Error(`${value} is not valid JSON: ${error.message}`, { cause: error });
    throw error;
  }
  const checked = parseTemplate(json);
  if (!checked.ok) {
    throw new Error(`${value} is not a template: ${checked.problems.join("; ")}.`);
  }
  return checked.template;
}

async function readInput(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch {
    throw new Error(`Cannot read ${file}: there is no such file, or it cannot be opened.`);
  }
}

function isDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    !Number.isNaN(date.getTime()) &&
    date.toISOString().startsWith(value)
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
