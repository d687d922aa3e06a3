import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { freePortsForEveryApp as freePortsFor } from "../src/testing.js";

export interface Run {
  child: ChildProcess;
  output: () => string;
}

const runs: ChildProcess[] = [];

/** A free port for every app of the repository at `root` (by default this one). */
export const freePortsForEveryApp = (root = path.resolve(import.meta.dirname, "../../..")) =>
  freePortsFor(root);

/** Starts `bernard start` from a built launcher, collecting what it prints. */
export function startLauncher(cli: string, env: NodeJS.ProcessEnv): Run {
  let output = "";
  const child = spawn(process.execPath, [cli, "start"], { env, stdio: ["ignore", "pipe", "pipe"] });
  runs.push(child);
  child.stdout.on("data", (chunk: Buffer) => (output += String(chunk)));
  child.stderr.on("data", (chunk: Buffer) => (output += String(chunk)));
  return { child, output: () => output };
}

/** The URL the launcher prints once everything is ready. */
export async function waitForUrl(run: Run): Promise<string> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const match = /Bernard is running at (http:\/\/\S+)/.exec(run.output());
    if (match) return match[1]!;
    if (run.child.exitCode !== null)
      throw new Error(`The launcher exited early (${run.child.exitCode}):\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The launcher printed no URL:\n${run.output()}`);
}

/**
 * Ctrl-C, as a person would; resolves with the exit code. A launcher ended by a signal instead
 * fails with the signal and what it printed, which an exit code alone would not tell.
 */
export async function stop(run: Run): Promise<number> {
  const exited = once(run.child, "exit");
  run.child.kill("SIGINT");
  const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
  if (code === null) throw new Error(`The launcher was ended by ${signal}:\n${run.output()}`);
  return code;
}

/** Stops launchers a failed assertion left running, so they do not hold ports for the next test. */
export async function stopLeftovers(): Promise<void> {
  const running = runs
    .splice(0)
    .filter((child) => child.exitCode === null && child.signalCode === null);
  await Promise.all(
    running.map((child) => {
      const exited = once(child, "exit");
      child.kill("SIGINT");
      return exited;
    }),
  );
}

/** The pid of each app the launcher runs (app id → pid), from the process table. */
export async function appPids(launcherPid: number): Promise<Map<string, number>> {
  const pids = new Map<string, number>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    // The parent's pid is the second field after the command name, which is in parentheses.
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (parent !== launcherPid) continue;
    const command = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    const app = /apps\/([a-z0-9-]+)\/api\/dist\/main\.js/.exec(command)?.[1];
    if (app) pids.set(app, Number(entry));
  }
  return pids;
}

/** The environment a running process was given. */
export async function environmentOf(pid: number): Promise<Record<string, string>> {
  const text = await readFile(`/proc/${pid}/environ`, "utf8");
  return Object.fromEntries(
    text
      .split("\0")
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

/** Polls until `check` returns a value, or fails after the deadline. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Not so after ${timeoutMs / 1000} s`);
}
