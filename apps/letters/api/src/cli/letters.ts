#!/usr/bin/env node
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { COMMAND_NEEDS_A_MODEL, commandLineModelClient, type LlmClient } from "@bernard/llm";
import { readRows } from "@bernard/toolkit/uploads";
import { draftReply, usableIndex, type DraftOptions } from "../engine/draft.js";
import { memoryLineVectors, type LineVectorStore } from "../engine/meaning.js";
import { draftReplyWithModel, estimateModelDraft } from "../engine/model.js";
import type { LineIndex } from "../engine/retrieve.js";
import type { Draft } from "../engine/types.js";
import { parseIsoDate } from "../intake/deadline.js";
import { extractLetter, type LetterDetails } from "../intake/extract.js";
import { readLetter } from "../intake/read-letter.js";
import { importLines } from "../lines/import.js";
import type { Line } from "../lines/lines.js";
import { draftDocument, draftJson, draftMarkdown } from "./output.js";

const USAGE = `Usage: pnpm letters draft <letter file> --lines <lines.jsonl|.csv|.docx> --out <draft.json|draft.md|draft.docx>
       pnpm letters draft --letters <letters.jsonl> --lines <lines file> --out-dir <folder>
         [--engine offline|model] [--date YYYY-MM-DD]

Drafts a reply to a letter (.txt, .eml, .docx or .pdf), or to each letter of a JSON Lines file
(fields letter_id and body, optionally subject), from approved lines to take. The offline engine
(the default) needs no model: every policy paragraph is an approved line and cites it, and each
point no line answers gets a "[No approved line: …]" placeholder and a flag. --engine model uses
the model named by the BERNARD_LLM_* settings: every sentence cites the lines it rests on, and
what cannot be checked is flagged. Lines expired or withdrawn by --date (default today) are
never used. With --out-dir, each draft is written as <letter_id>.json.`;

const OUTPUTS = [".json", ".md", ".docx"];

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      lines: { type: "string" },
      letters: { type: "string" },
      out: { type: "string" },
      "out-dir": { type: "string" },
      engine: { type: "string", default: "offline" },
      date: { type: "string" },
    },
  });
  const [command, file] = positionals;
  const many = values.letters !== undefined;
  if (command !== "draft" || !values.lines) throw new Error(USAGE);
  if (many ? file || !values["out-dir"] || values.out : !file || !values.out || values["out-dir"])
    throw new Error(USAGE);
  if (values.engine !== "offline" && values.engine !== "model")
    throw new Error(
      `There is no engine called "${values.engine}": use --engine offline (no model needed) or --engine model.`,
    );
  const date = values.date ?? new Date().toISOString().slice(0, 10);
  try {
    parseIsoDate(date);
  } catch {
    throw new Error(
      `--date ${date} is not a date: write it as YYYY-MM-DD, for example 2026-03-03.`,
    );
  }
  const extension = path.extname(values.out ?? "").toLowerCase();
  if (!many && !OUTPUTS.includes(extension))
    throw new Error(`--out ${values.out} must end in .json, .md (Markdown) or .docx (Word).`);
  const client =
    values.engine === "model"
      ? commandLineModelClient(process.env, { command: "pnpm letters", tool: "letters" })
      : undefined;
  if (values.engine === "model" && !client) throw new Error(COMMAND_NEEDS_A_MODEL);

  const { lines, problems } = await importLines(values.lines, path.basename(values.lines));
  for (const problem of problems) console.error(problem.message);
  if (lines.length === 0) throw new Error(`${values.lines} has no lines that can be used.`);
  const options: DraftOptions = { date };
  const index = usableIndex(lines, options);
  // The lines are embedded once for every letter of the run.
  const lineVectors = memoryLineVectors();
  const draft = (details: LetterDetails) =>
    draftWith(client, details, index, lines, { ...options, lineVectors });

  if (many) {
    const outDir = values["out-dir"]!;
    await mkdir(outDir, { recursive: true });
    let written = 0;
    for await (const row of readRows(values.letters!, "jsonl")) {
      const id = row.values?.letter_id?.trim();
      const body = row.values?.body;
      if (row.error !== undefined || !id || !body || !/^[\w.-]+$/.test(id)) {
        console.error(
          `Line ${row.rowNumber} of ${values.letters}: ${row.error ?? "each letter needs a letter_id (letters, digits, dots, dashes or underscores) and a body"}; left out.`,
        );
        continue;
      }
      const subject = row.values.subject?.trim();
      const result = await draft({ ...extractLetter(body), ...(subject ? { subject } : {}) });
      await writeFile(path.join(outDir, `${id}.json`), draftJson(result, id));
      written += 1;
    }
    console.log(`Drafted ${written} replies from ${lines.length} lines into ${outDir}.`);
    return;
  }

  const bytes = await readFile(file!).catch(() => {
    throw new Error(`Cannot read ${file}: there is no such file, or it cannot be opened.`);
  });
  const letter = await readLetter(bytes, path.basename(file!));
  const details = extractLetter(letter.text, letter.email);
  const result = await draft(details);
  const title = `Reply to ${path.basename(file!)}`;
  await writeFile(
    values.out!,
    extension === ".json"
      ? draftJson(result)
      : extension === ".docx"
        ? await draftDocument(result, title)
        : draftMarkdown(result),
  );
  console.log(
    `Read ${lines.length} lines and ${details.points.length} points; wrote ${result.paragraphs.length} paragraphs and ${result.flags.length} flags to ${values.out} (${result.engine} engine).`,
  );
}

/** One letter drafted with the engine chosen; the model engine says first what it will take. */
async function draftWith(
  client: LlmClient | undefined,
  details: LetterDetails,
  index: LineIndex,
  lines: readonly Line[],
  options: DraftOptions & { lineVectors: LineVectorStore },
): Promise<Draft> {
  if (!client) return draftReply(details, index, options);
  const estimate = estimateModelDraft(details, index, { ...options, model: client.model });
  console.log(
    `The model engine (${client.model}) will send about ${estimate.promptTokens.toLocaleString("en-GB")} prompt tokens${estimate.costUsd === null ? "" : `, about $${estimate.costUsd.toFixed(3)}`}.`,
  );
  return draftReplyWithModel(details, index, { ...options, client, allLines: lines });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
