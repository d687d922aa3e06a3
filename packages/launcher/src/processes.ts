import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { appendFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { LaunchError } from "./config.js";
import { supervise, type Backoff, type Supervisor } from "./supervisor.js";

export interface RunningApp {
  id: string;
  url: string;
  logFile: string;
  child: ChildProcess;
  /** Settles when the process ends, saying how ("exit code 1", "signal SIGKILL"). */
  exited: Promise<string>;
  /** What the process last wrote to stderr: the reason, when it fails while starting. */
  lastError: () => string;
}

const ERROR_TAIL_CHARS = 4000;

export interface AppProcess {
  id: string;
  command: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Where it answers /ready; a process without one (a UI rebuilder) is up once spawned. */
  url?: string;
  logDir: string;
}

/**
 * Starts an app and keeps it running (see supervise): it counts as started once its /ready
 * answers, and each stop and restart is told to the person and written to the app's log.
 */
export function superviseApp(
  options: AppProcess,
  say: (line: string) => void,
  backoff?: Backoff,
): Promise<Supervisor> {
  const logFile = path.join(options.logDir, `${options.id}.log`);
  return supervise({
    name: options.id,
    start: async () => {
      const running = await spawnApp(options);
      if (options.url)
        await waitUntilReady(running).catch(async (error: unknown) => {
          await stopApp(running);
          throw error;
        });
      return { exited: running.exited, stop: () => stopApp(running) };
    },
    report: (line) => {
      say(`${line} Its log is in ${logFile}.`);
      void appendLauncherLine(logFile, line);
    },
    ...(backoff && { backoff }),
  });
}

/** Starts one app's server as a child process, its JSON logs written to a file. */
export async function spawnApp(options: AppProcess): Promise<RunningApp> {
  await mkdir(options.logDir, { recursive: true });
  const logFile = path.join(options.logDir, `${options.id}.log`);
  const log = createWriteStream(logFile, { flags: "a" });
  const [command, ...args] = options.command;
  const child = spawn(command!, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<string>((resolve) =>
    child.once("exit", (code, signal) =>
      resolve(signal ? `signal ${signal}` : `exit code ${code}`),
    ),
  );
  let errorTail = "";
  child.stderr.on("data", (chunk: Buffer) => {
    errorTail = (errorTail + String(chunk)).slice(-ERROR_TAIL_CHARS);
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  return {
    id: options.id,
    url: options.url ?? "",
    logFile,
    child,
    exited,
    lastError: () => errorTail,
  };
}

/** Adds a line from the launcher to an app's log, in the same JSON shape as the app's own lines. */
export async function appendLauncherLine(logFile: string, message: string): Promise<void> {
  const line = { level: 40, time: Date.now(), name: "launcher", msg: message };
  await appendFile(logFile, `${JSON.stringify(line)}\n`).catch(() => {});
}

/** Polls the app's /ready until it answers 200; fails early, with the reason, if the app exits. */
export async function waitUntilReady(app: RunningApp, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | undefined;
  void app.exited.then((how) => (exited = how));
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      const reason = errorMessage(app.lastError());
      throw new LaunchError(
        `${app.id} stopped while starting (${exited})${reason ? `: ${reason}` : ""}. Its log is in ${app.logFile}.`,
      );
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

/**
 * The message of the error a Node process died of, without its stack: the lines from
 * "…Error: " up to the first "    at …" frame (an app's configuration problems span several lines).
 */
export function errorMessage(stderr: string): string | undefined {
  const lines = stderr.split("\n");
  const first = lines.findLastIndex((line) => /^\w*Error: /.test(line));
  if (first === -1) return undefined;
  const end = lines.findIndex((line, index) => index > first && /^\s+at /.test(line));
  return lines
    .slice(first, end === -1 ? undefined : end)
    .join("\n")
    .replace(/^\w*Error: /, "")
    .trim();
}

/** Asks the app to stop (SIGTERM: it finishes requests and hands back jobs), then forces it. */
export async function stopApp({ child, exited }: RunningApp, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}
