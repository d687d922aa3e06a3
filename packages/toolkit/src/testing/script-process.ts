import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";

/** Every child still running, killed when the test process exits (a timed-out test leaves them). */
const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * A TypeScript script (a worker, an API replica) run as its own Node process, so a test can
 * wait for what it prints and kill it mid-job. Node runs the script itself, with tsx as a
 * loader: a tsx wrapper process would leave its child running after SIGKILL.
 */
export class ScriptProcess {
  #output = "";
  readonly #exited: Promise<unknown>;

  private constructor(readonly child: ChildProcess) {
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
      this.#output += chunk;
    });
    running.add(child);
    this.#exited = once(child, "exit").finally(() => running.delete(child));
  }

  /** Starts `script` with `args`; its stderr goes to the test's. */
  static start(script: string, args: string[] = []): ScriptProcess {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    return new ScriptProcess(child);
  }

  /** Everything it has printed so far. */
  get output(): string {
    return this.#output;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves with its output once it has printed `text`; rejects if it exits first. */
  printed(text: string, timeoutMs = 60_000): Promise<string> {
    const { child } = this;
    return new Promise((resolve, reject) => {
      const settle = (outcome: () => void) => {
        clearTimeout(timer);
        child.stdout!.off("data", check);
        child.off("exit", exited);
        outcome();
      };
      // Registered after the constructor's listener, so the output already holds the chunk.
      const check = () => {
        if (this.#output.includes(text)) settle(() => resolve(this.#output));
      };
      const exited = () =>
        settle(() => reject(new Error(`The process exited before printing "${text}"`)));
      const timer = setTimeout(
        () => settle(() => reject(new Error(`The process did not print "${text}" in time`))),
        timeoutMs,
      );
      child.stdout!.on("data", check);
      child.once("exit", exited);
      check();
      if (!this.running) exited();
    });
  }

  /** Kills it at once, as a crash or an out-of-memory kill would, and waits for it to go. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill("SIGKILL");
    await this.#exited;
  }

  /** Asks it to stop (SIGTERM) and waits until it has. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill("SIGTERM");
    await this.#exited;
  }
}
