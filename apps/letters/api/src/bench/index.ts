import type { Benchmarks } from "@bernard/bench";
import { benchLetters } from "./letters.js";

/** The letter drafter's suites for `pnpm bench` (found through `benchmarks` in launch.ts). */
export const benchmarks: Benchmarks = { letters: benchLetters };
