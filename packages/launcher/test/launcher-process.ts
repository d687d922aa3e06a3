import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";

export interface Run {
  child: ChildProcess;
  output: () => string;
}

const runs: ChildProcess[] = [];

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

/** Ctrl-C, as a person would; resolves with the exit code. */
export async function stop(run: Run): Promise<number | null> {
  const exited = once(run.child, "exit");
  run.child.kill("SIGINT");
  const [code] = (await exited) as [number | null];
  return code;
}

/** Stops launchers a failed assertion left running, so they do not hold ports for the next test. */
export async function stopLeftovers(): Promise<void> {
  const running = runs.splice(0).filter((child) => child.exitCode === null);
  await Promise.all(
    running.map((child) => {
      const exited = once(child, "exit");
      child.kill("SIGINT");
      return exited;
    }),
  );
}
