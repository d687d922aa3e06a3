import type { Benchmarks } from "@bernard/bench";
import { benchGateway } from "./gateway.js";

/** The portal's suites for `pnpm bench` (found through `benchmarks` in launch.ts). */
export const benchmarks: Benchmarks = { gateway: benchGateway };
