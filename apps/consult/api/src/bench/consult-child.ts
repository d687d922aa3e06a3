// One measurement in a process of its own, so its peak memory is its own: `floor` reads and
// tokenises a CSV of responses; `offline` reads it and runs the whole offline analysis.
// Only the measuring part of the bench: the rest of it would weigh on the peak memory measured.
import { reportMeasurement } from "@bernard/bench/own-process";
import { terms } from "@bernard/nlp";
import { offlineAnalysis } from "../engine/offline.js";
import { analyseHeadless } from "../engine/pipeline.js";
import type { ConsultationResponse } from "../engine/types.js";
import { readRows } from "@bernard/toolkit/uploads";

const [mode, file] = process.argv.slice(2);
const started = performance.now();
const responses: ConsultationResponse[] = [];
for await (const row of readRows(file!, "csv")) {
  if (row.values) responses.push({ id: row.values.id!, text: row.values.answer! });
}
// The floor's result is the number of terms, so the work cannot be skipped as unused.
const result =
  mode === "floor"
    ? responses.reduce((count, response) => count + terms(response.text).length, 0)
    : (await analyseHeadless(offlineAnalysis(""), responses)).themes.length;
reportMeasurement(started, result);
