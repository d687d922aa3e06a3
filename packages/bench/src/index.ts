/**
 * What an app's benchmark module uses: tables that print a figure beside its baseline, the
 * synthetic responses and rate-limit arithmetic shared with the model benchmarks, a model engine
 * timed against a rate-limited fake provider, and an offline engine beside its floor, each
 * measured in a process of its own.
 */
export {
  measuredBesideEstimate,
  printModelEfficiency,
  runAgainstFakeProvider,
  type FakeProvider,
  type ModelRun,
} from "./model-run.js";
export { besideFloor, type ProcessMeasurement } from "./own-process.js";
export { fastestAllowed, tokensThrough } from "./rate-limits.js";
export { printTable, ratio, seconds } from "./report.js";
export { consultationResponses } from "./responses.js";

/** The platform's checkout, for a benchmark that runs `pnpm` or finds files in it. */
export interface BenchContext {
  root: string;
}

/**
 * What an app's benchmark module (named by `benchmarks` in its launch.js) exports as
 * `benchmarks`: each suite by the name `pnpm bench <name>` runs it under.
 */
export type Benchmarks = Record<string, (context: BenchContext) => Promise<void>>;
