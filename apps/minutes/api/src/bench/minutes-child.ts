// One measurement in a process of its own, so its peak memory is its own: `floor` reads a
// transcript and tokenises its turns; `offline` reads it and drafts the minutes offline.
import { readFile } from "node:fs/promises";
import path from "node:path";
// Only the measuring part of the bench: the rest of it would weigh on the peak memory measured.
import { reportMeasurement } from "@bernard/bench/own-process";
import { terms } from "@bernard/nlp";
import { draftMinutes } from "../engine/offline.js";
import { readTranscript } from "../transcripts/index.js";

const [mode, file] = process.argv.slice(2);
const started = performance.now();
const { turns } = await readTranscript(await readFile(file!), path.basename(file!));
// The floor's result is the number of terms, so the work cannot be skipped as unused.
const result =
  mode === "floor"
    ? turns.reduce((count, turn) => count + terms(turn.text).length, 0)
    : draftMinutes(turns, { date: "2026-12-02" }).items.length;
reportMeasurement(started, result);
