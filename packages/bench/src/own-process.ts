import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { ratio, seconds } from "./report.js";

/** One measurement made in a process of its own, so its peak memory is its own. */
export interface ProcessMeasurement {
  ms: number;
  peakRssMb: number;
  /** What the work produced, so it cannot be skipped as unused. */
  result: number;
}

/** Runs `script` (which ends with `reportMeasurement`) with `args` in a new Node process. */
async function measureInOwnProcess(script: string, args: string[]): Promise<ProcessMeasurement> {
  const { stdout } = await promisify(execFile)(process.execPath, [script, ...args], {
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout) as ProcessMeasurement;
}

/**
 * An offline engine beside its floor (merely reading and tokenising the same input), each in a
 * process of its own: `script` is run as `script floor <input>`, then `script offline <input>`.
 * `times` are the table cells: the engine's time, the floor's, and engine/floor.
 */
export async function besideFloor(script: string, input: string) {
  const floor = await measureInOwnProcess(script, ["floor", input]);
  const engine = await measureInOwnProcess(script, ["offline", input]);
  const times = [seconds(engine.ms), seconds(floor.ms), ratio(engine.ms, floor.ms)];
  return { engine, floor, times };
}

/** Called by the script `measureInOwnProcess` runs: its time since `startedAt`, peak memory and result. */
export function reportMeasurement(startedAt: number, result: number): void {
  const measurement: ProcessMeasurement = {
    ms: performance.now() - startedAt,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    result,
  };
  process.stdout.write(JSON.stringify(measurement));
}
