import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "@bernard/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorMessage, superviseApp, type AppProcess } from "../src/processes.js";
import { restartDelay, supervise, type Backoff, type Instance } from "../src/supervisor.js";

const FAST: Backoff = { firstMs: 10, maxMs: 40, resetAfterMs: 60_000 };

/** Polls until `check` returns a value, or fails after the deadline. */
async function eventually<T>(check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("The condition did not come true in time");
}

describe("restartDelay", () => {
  it("doubles from the first delay up to the cap", () => {
    const delays = [0, 1, 2, 3, 4, 5, 6].map((attempt) => restartDelay(attempt));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });
});

/** Instances the test ends by hand, and a start that can be told to fail. */
function fakeProcesses() {
  const ends: ((how: string) => void)[] = [];
  const failures: string[] = [];
  let stopped = 0;
  const start = async (): Promise<Instance> => {
    const failure = failures.shift();
    if (failure) throw new Error(failure);
    let end!: (how: string) => void;
    const exited = new Promise<string>((resolve) => (end = resolve));
    ends.push(end);
    return { exited, stop: async () => void stopped++ };
  };
  return { start, ends, failures, stoppedCount: () => stopped };
}

describe("supervise", () => {
  it("restarts a process that ends, waiting longer after each start that fails, and says so", async () => {
    const processes = fakeProcesses();
    const lines: string[] = [];
    const supervisor = await supervise({
      name: "fake",
      start: processes.start,
      report: (line) => lines.push(line),
      backoff: FAST,
    });
    processes.failures.push("boom", "boom again");
    processes.ends[0]!("signal SIGKILL");
    await eventually(() => processes.ends[1]);
    expect(lines).toEqual([
      expect.stringMatching(
        /^fake stopped unexpectedly \(signal SIGKILL\) at \S+; restarting it in 0\.01 s\.$/,
      ),
      expect.stringMatching(
        /^fake did not start again \(boom\) at \S+; restarting it in 0\.02 s\.$/,
      ),
      expect.stringMatching(
        /^fake did not start again \(boom again\) at \S+; restarting it in 0\.04 s\.$/,
      ),
      "fake is running again.",
    ]);
    await supervisor.stop();
    expect(processes.stoppedCount()).toBe(1);
  });

  it("waits the first delay again after a run that lasted, and the longest delay is capped", async () => {
    let clock = 0;
    const processes = fakeProcesses();
    const lines: string[] = [];
    const supervisor = await supervise({
      name: "fake",
      start: processes.start,
      report: (line) => lines.push(line),
      backoff: FAST,
      now: () => clock,
    });
    processes.failures.push("1", "2", "3", "4");
    processes.ends[0]!("exit code 1");
    await eventually(() => processes.ends[1]);
    clock += FAST.resetAfterMs; // the new run lasts long enough to count as healthy
    processes.ends[1]!("exit code 1");
    await eventually(() => processes.ends[2]);
    const delays = lines
      .map((line) => /restarting it in (\S+) s/.exec(line)?.[1])
      .filter((delay) => delay !== undefined);
    expect(delays).toEqual(["0.01", "0.02", "0.04", "0.04", "0.04", "0.01"]);
    await supervisor.stop();
  });

  it("does not retry a first start that fails: that is the caller's to report", async () => {
    const processes = fakeProcesses();
    processes.failures.push("no");
    await expect(
      supervise({ name: "fake", start: processes.start, report: () => {}, backoff: FAST }),
    ).rejects.toThrow("no");
  });

  it("restarts nothing once stopped, even while a restart is waiting", async () => {
    const processes = fakeProcesses();
    const supervisor = await supervise({
      name: "fake",
      start: processes.start,
      report: () => {},
      backoff: { ...FAST, firstMs: 60_000, maxMs: 60_000 },
    });
    processes.ends[0]!("exit code 1");
    await supervisor.stop();
    expect(processes.ends).toHaveLength(1);
  });
});

describe("superviseApp, with a real process", () => {
  let logDir: string;
  beforeAll(async () => {
    logDir = await mkdtemp(path.join(tmpdir(), "bernard-supervisor-"));
  });
  afterAll(() => rm(logDir, { recursive: true, force: true }));

  const fakeApp = async (env: NodeJS.ProcessEnv = {}): Promise<AppProcess> => {
    const port = await findFreePort();
    return {
      id: "fake",
      command: [process.execPath, path.join(import.meta.dirname, "fixtures/fake-app.mjs")],
      cwd: import.meta.dirname,
      env: { PATH: process.env.PATH, PORT: String(port), ...env },
      url: `http://127.0.0.1:${port}`,
      logDir,
    };
  };
  const pidAt = (url: string) =>
    fetch(`${url}/ready`).then(
      async (response) => ((await response.json()) as { pid: number }).pid,
      () => undefined,
    );

  it("restarts an app killed with SIGKILL once it answers /ready, and writes why to its log", async () => {
    const app = await fakeApp();
    const lines: string[] = [];
    const supervisor = await superviseApp(app, (line) => lines.push(line), FAST);
    try {
      const first = (await pidAt(app.url!))!;
      process.kill(first, "SIGKILL");
      const second = await eventually(async () => {
        const pid = await pidAt(app.url!);
        return pid !== undefined && pid !== first ? pid : undefined;
      });
      expect(second).not.toBe(first);
      await eventually(() => (lines.length === 2 ? true : undefined));
      const logFile = path.join(logDir, "fake.log");
      expect(lines[0]).toMatch(`fake stopped unexpectedly (signal SIGKILL) at `);
      expect(lines[0]).toContain(`Its log is in ${logFile}.`);
      expect(lines[1]).toBe(`fake is running again. Its log is in ${logFile}.`);
      const logged = (await readFile(logFile, "utf8"))
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { name: string; msg: string });
      expect(logged.filter((line) => line.name === "launcher").map((line) => line.msg)).toEqual([
        expect.stringMatching(/^fake stopped unexpectedly \(signal SIGKILL\)/),
        "fake is running again.",
      ]);
    } finally {
      await supervisor.stop();
    }
    await expect(fetch(`${app.url}/ready`)).rejects.toThrow();
  });

  it("fails a first start with the app's own reason, without its stack", async () => {
    const app = await fakeApp({ FAKE_FAIL_AT_START: "not a number" });
    const failure = superviseApp(app, () => {}, FAST);
    await expect(failure).rejects.toThrow(
      `fake stopped while starting (exit code 1): the fake app cannot start:\n  FAKE_FAIL_AT_START: not a number. Its log is in ${path.join(logDir, "fake.log")}.`,
    );
  });
});

describe("errorMessage", () => {
  it("keeps a Node error's message, every line of it, and drops its stack", () => {
    const stderr = [
      "file:///app/dist/main.js:7",
      "const config = readConfig();",
      "               ^",
      "",
      "Error: The portal cannot start because its configuration is not valid:",
      "  BERNARD_SESSION_IDLE_MINUTES: Expected number, received nan",
      "    at parseEnvironment (file:///app/config.js:60:9)",
      "    at file:///app/dist/main.js:7:16",
      "",
      "Node.js v20.20.2",
    ].join("\n");
    expect(errorMessage(stderr)).toBe(
      "The portal cannot start because its configuration is not valid:\n  BERNARD_SESSION_IDLE_MINUTES: Expected number, received nan",
    );
    expect(errorMessage("no error here")).toBeUndefined();
  });
});
