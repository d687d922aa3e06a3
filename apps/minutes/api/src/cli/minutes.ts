#!/usr/bin/env node
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { draftMinutes } from "../engine/offline.js";
import { minutesMarkdown, TEMPLATES, type Template } from "../export/markdown.js";
import { readTranscript } from "../transcripts/index.js";
import { modelNotAvailable } from "./engine-choice.js";

const USAGE = `Usage: pnpm minutes draft <transcript> --out <minutes.md|minutes.json>
         [--engine offline] [--template ${TEMPLATES.join("|")}] [--date YYYY-MM-DD]
         [--agenda <file with one agenda item a line>]

Reads the transcript (Teams or Zoom .vtt or .docx, .srt, plain "Name: words" text or JSON turns)
and drafts minutes with the offline engine, which needs no model: agenda items with the points
made in reported speech, decisions, actions with owners and due dates (worked out from --date),
attendees, apologies and a summary. Every point cites the transcript turns it came from (0-based).`;

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
    },
  });
  const [command, file] = positionals;
  if (command !== "draft" || !file || !values.out) throw new Error(USAGE);
  if (values.engine !== "offline") throw new Error(modelNotAvailable(values.engine));
  const template = values.template as Template;
  if (!TEMPLATES.includes(template)) {
    throw new Error(
      `There is no template called "${values.template}": choose ${TEMPLATES.join(", ")}.`,
    );
  }
  if (values.date !== undefined && !isDate(values.date)) {
    throw new Error(
      `--date ${values.date} is not a date: write it as YYYY-MM-DD, for example 2026-12-02.`,
    );
  }
  const extension = path.extname(values.out).toLowerCase();
  if (extension === ".docx") {
    throw new Error("Word export is not available yet: write .md or .json.");
  }
  if (extension !== ".md" && extension !== ".json") {
    throw new Error(`--out ${values.out} must end in .md (Markdown) or .json.`);
  }

  const transcript = await readTranscript(await readInput(file), path.basename(file));
  const agenda = values.agenda
    ? (await readInput(values.agenda))
        .toString("utf8")
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean)
    : undefined;
  const minutes = draftMinutes(transcript.turns, { date: values.date, agenda });
  const title = path.basename(file).replace(/\.[^.]+$/, "");
  await writeFile(
    values.out,
    extension === ".json"
      ? `${JSON.stringify(minutes, null, 2)}\n`
      : minutesMarkdown(minutes, template, title),
  );
  console.log(
    `Read ${transcript.turns.length} turns (${transcript.format}) from ${file}; wrote ${minutes.items.length} items, ${minutes.decisions.length} decisions and ${minutes.actions.length} actions to ${values.out}.`,
  );
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
