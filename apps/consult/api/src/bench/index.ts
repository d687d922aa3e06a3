import type { Benchmarks } from "@bernard/bench";
import { benchConsult } from "./consult.js";

/** The sorter's suites for `pnpm bench` (found through `benchmarks` in launch.ts). */
export const benchmarks: Benchmarks = { consult: benchConsult };
