import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { LaunchError } from "./config.js";

export interface RunningApp {
  id: string;
  url: string;
  logFile: string;
  child: ChildProcess;
}

/** Starts one app's server as a child process, its JSON logs written to a file. */
export async function spawnApp(options: {
  id: string;
  command: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  url: string;
  logDir: string;
}): Promise<RunningApp> {
  await mkdir(options.logDir, { recursive: true });
  const logFile = path.join(options.logDir, `${options.id}.log`);
  const log = createWriteStream(logFile, { flags: "a" });
  const [command, ...args] = options.command;
  const child = spawn(command!, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  return { id: options.id, url: options.url, logFile, child };
}

/** Polls the app's /ready until it answers 200; fails early, with the reason, if the app exits. */
export async function waitUntilReady(app: RunningApp, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  app.child.once("exit", () => (exited = true));
  while (Date.now() < deadline) {
    if (exited || app.child.exitCode !== null) {
      throw new LaunchError(`${app.id} stopped while starting. Its log is in ${app.logFile}.`);
    }
    const ready = await fetch(`${app.url}/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new LaunchError(
    `${app.id} was not ready after ${timeoutMs / 1000} s. Its log is in ${app.logFile}.`,
  );
}

/** Asks every app to stop (SIGTERM: they finish requests and hand back jobs), then forces any straggler. */
export async function stopApps(apps: RunningApp[], graceMs = 15_000): Promise<void> {
  await Promise.all(
    apps.map(async ({ child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    }),
  );
}
