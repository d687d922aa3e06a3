#!/usr/bin/env node
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { analyseHeadless } from "../engine/pipeline.js";
import { formatFromName, readRows } from "@bernard/toolkit/uploads";
import { importRespondents, type ImportProblem } from "../import/responses.js";
import { workbookFrom, type ExportData } from "../services/exports.js";
import { reportFrom } from "../services/report.js";
import { chooseEngine } from "./engine-choice.js";

const USAGE = `Usage: pnpm consult analyse <file> --question "<answer column>" [--question …]
         [--text "<question as asked>" …] [--id "<respondent ID column>"]
         [--closed "<closed answer column>"] [--engine offline|model] [--out results.xlsx]

Imports the file (CSV, XLSX or JSONL), finds the themes in each question's answers, maps every
response, writes up each theme, and writes an Excel workbook, a Word report and a JSON file
beside it. Each --text is the question as asked, for the --question in the same place (by
default the closed column's header for the first question, else the answer column's header):
stance is read against what it proposes, as in the app. The offline engine (the default) needs no model; the model engine uses the provider
set in BERNARD_LLM_* (see the README).`;

/**
 * `pnpm consult analyse`: the sorter without a browser or a database, for analysts and
 * benchmarks. The results match what the app would show for the same file.
 */
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      question: { type: "string", multiple: true },
      text: { type: "string", multiple: true },
      id: { type: "string" },
      closed: { type: "string" },
      out: { type: "string" },
      engine: { type: "string", default: "offline" },
    },
  });
  const [command, file] = positionals;
  if (command !== "analyse" || !file || !values.question?.length) throw new Error(USAGE);
  const format = formatFromName(file);
  if (!format) throw new Error(`${file} is not a CSV, XLSX or JSONL file.\n\n${USAGE}`);

  const started = performance.now();
  const problems: ImportProblem[] = [];
  const questions = values.question.map((column, index) => ({
    questionId: `q${index + 1}`,
    column,
    text: values.text?.[index] ?? (index === 0 && values.closed ? values.closed : column),
    ...(index === 0 && values.closed ? { closedColumn: values.closed } : {}),
  }));
  const respondents = [];
  for await (const respondent of importRespondents(
    readRows(path.resolve(file), format),
    { respondentId: values.id, questions, demographics: [] },
    (problem) => problems.push(problem),
  )) {
    respondents.push(respondent);
  }
  console.log(
    `Read ${respondents.length} respondents from ${file}; ${problems.length} rows to check.`,
  );
  for (const problem of problems.slice(0, 10)) console.log(`  ${problem.message}`);

  const data: ExportData = { title: path.basename(file), questions: [] };
  for (const [index, question] of questions.entries()) {
    const responses = respondents.flatMap((respondent) => {
      const answer = respondent.answers[index]!;
      return answer.text || answer.closed
        ? [{ id: respondent.respondentId, text: answer.text, closed: answer.closed }]
        : [];
    });
    const chosen = await chooseEngine(values.engine, question.text, process.env);
    const analysis = await analyseHeadless(chosen.engine, responses, (stage) =>
      console.log(`  ${stage}…`),
    ).finally(() => chosen.close());
    const mapped = new Map(analysis.mapped.map((response) => [response.id, response]));
    const text = new Map(responses.map((response) => [response.id, response.text]));
    const counts = new Map<string, number>();
    for (const response of analysis.mapped) {
      for (const themeId of response.themeIds) counts.set(themeId, (counts.get(themeId) ?? 0) + 1);
    }
    data.questions.push({
      number: index + 1,
      text: question.text,
      analysis: { engine: chosen.engine.name, at: new Date() },
      signOff: null,
      themes: analysis.themes
        .map((theme) => ({
          id: theme.id,
          label: theme.label,
          description: theme.description,
          stance: theme.stance ?? "neutral",
          count: counts.get(theme.id) ?? 0,
          summary: analysis.writeUps.get(theme.id)?.summary ?? null,
          quotes: (analysis.writeUps.get(theme.id)?.quoteIds ?? []).map((id) => text.get(id)!),
        }))
        .filter((theme) => theme.count > 0)
        .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
      responses: responses.map((response) => {
        const result = mapped.get(response.id);
        return {
          respondent: response.id,
          text: response.text,
          closed: response.closed ?? null,
          stance: result?.stance ?? null,
          evidenceRich: result?.evidenceRich ?? null,
          flagged: false,
          reviewed: false,
          themeIds: result?.themeIds ?? [],
        };
      }),
    });
    console.log(
      `Question ${index + 1} (${question.column}), ${chosen.description}: ${responses.length} responses, ${counts.size} themes, ${analysis.unprocessed.length} not mapped.`,
    );
  }

  const out = path.resolve(values.out ?? `${file.replace(/\.[^.]+$/, "")}-results.xlsx`);
  const beside = (extension: string) => out.replace(/\.xlsx$/, extension);
  await writeFile(out, await workbookFrom(data));
  await writeFile(beside(".docx"), await reportFrom(data));
  await writeFile(beside(".json"), JSON.stringify(data, null, 2));
  console.log(
    `Wrote ${out}, ${beside(".docx")} and ${beside(".json")} in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
