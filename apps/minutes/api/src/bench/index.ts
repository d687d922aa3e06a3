import type { Benchmarks } from "@bernard/bench";
import { benchMinutes } from "./minutes.js";

/** The minute summariser's suites for `pnpm bench` (found through `benchmarks` in launch.ts). */
export const benchmarks: Benchmarks = { minutes: benchMinutes };
