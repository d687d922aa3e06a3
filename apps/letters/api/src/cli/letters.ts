#!/usr/bin/env node
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { draftFromLines } from "../engine/draft.js";
import { extractLetter } from "../intake/extract.js";
import { readLetter } from "../intake/read-letter.js";
import { importLines } from "../lines/import.js";

const USAGE = `Usage: pnpm letters draft <letter file> --lines <lines.jsonl|.csv|.docx> --out <draft.json|draft.md>
         [--engine offline] [--date YYYY-MM-DD]

Drafts a reply to a letter (.txt, .eml, .docx or .pdf) from approved lines to take, with the
offline engine (no model): every policy paragraph cites the line it is, and each point no line
answers gets a "[No approved line: …]" placeholder and a flag.`;

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      lines: { type: "string" },
      out: { type: "string" },
      engine: { type: "string", default: "offline" },
      date: { type: "string" },
    },
  });
  const [command, file] = positionals;
  if (command !== "draft" || !file || !values.lines || !values.out) throw new Error(USAGE);
  if (values.engine === "model")
    throw new Error("The model engine is not built yet: use --engine offline.");
  if (values.engine !== "offline")
    throw new Error(`There is no engine called "${values.engine}": use --engine offline.`);
  const extension = path.extname(values.out).toLowerCase();
  if (extension !== ".json" && extension !== ".md")
    throw new Error(`--out ${values.out} must end in .json or .md.`);
  const { lines, problems } = await importLines(values.lines, path.basename(values.lines));
  for (const problem of problems) console.error(problem.message);
  const bytes = await readFile(file).catch(() => {
    throw new Error(`Cannot read ${file}: there is no such file, or it cannot be opened.`);
  });
  const letter = await readLetter(bytes, path.basename(file));
  const details = extractLetter(letter.text, letter.email);
  const draft = draftFromLines(details, lines, {
    date: values.date ?? new Date().toISOString().slice(0, 10),
  });
  await writeFile(
    values.out,
    extension === ".json"
      ? `${JSON.stringify({ paragraphs: draft.paragraphs, flags: draft.flags, retrieval: draft.retrieval }, null, 2)}\n`
      : `${draft.paragraphs.map((p) => p.text + (p.lines.length ? ` [${p.lines.join(", ")}]` : "")).join("\n\n")}\n`,
  );
  console.log(
    `Read ${lines.length} lines and ${details.points.length} points; wrote ${draft.paragraphs.length} paragraphs and ${draft.flags.length} flags to ${values.out}.`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
