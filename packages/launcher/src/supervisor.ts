/** One run of a supervised process, ready to serve. */
export interface Instance {
  /** Settles when the process ends, saying how ("exit code 1", "signal SIGKILL"). */
  exited: Promise<string>;
  stop(): Promise<void>;
}

export interface Backoff {
  /** Wait before the first restart; doubled after each restart that does not last. */
  firstMs: number;
  maxMs: number;
  /** A run this long counts as healthy: the next restart waits `firstMs` again. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { firstMs: 1000, maxMs: 30_000, resetAfterMs: 60_000 };

export interface SupervisorOptions {
  name: string;
  /** Starts the process and resolves once it is ready; rejects if it could not. */
  start: () => Promise<Instance>;
  /** Tells the person (and the process's own log) that it stopped and when it restarts. */
  report: (line: string) => void;
  backoff?: Backoff;
  /** The clock that says how long a run lasted (tests pass their own). */
  now?: () => number;
}

export interface Supervisor {
  /** Stops the process, or a restart under way, and restarts nothing more. */
  stop(): Promise<void>;
}

/** How long to wait before restart number `attempt` (0 = the first since the last healthy run). */
export function restartDelay(attempt: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  return Math.min(backoff.firstMs * 2 ** attempt, backoff.maxMs);
}

/**
 * Starts a process and keeps it running: when it ends, it is restarted after a growing delay,
 * until `stop()`. The first start is not retried: a failure there is for the caller to report.
 */
export async function supervise(options: SupervisorOptions): Promise<Supervisor> {
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const now = options.now ?? Date.now;
  let current: Instance | undefined = await options.start();
  let stopping = false;
  let cancelWait: (() => void) | undefined;
  let stopRequested!: () => void;
  const stopped = new Promise<string>((resolve) => (stopRequested = () => resolve("stopped")));

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      cancelWait = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const keepRunning = async () => {
    let attempt = 0;
    while (current) {
      const startedAt = now();
      const ended = await Promise.race([current.exited, stopped]);
      let reason = `${options.name} stopped unexpectedly (${ended})`;
      current = undefined;
      if (stopping) return;
      if (now() - startedAt >= backoff.resetAfterMs) attempt = 0;
      while (!current) {
        const delay = restartDelay(attempt++, backoff);
        options.report(
          `${reason} at ${new Date().toISOString()}; restarting it in ${delay / 1000} s.`,
        );
        await wait(delay);
        if (stopping) return;
        try {
          const instance = await options.start();
          if (stopping) return await instance.stop();
          current = instance;
          options.report(`${options.name} is running again.`);
        } catch (error) {
          reason = `${options.name} did not start again (${(error as Error).message})`;
          if (stopping) return;
        }
      }
    }
  };
  const running = keepRunning();

  return {
    stop: async () => {
      stopping = true;
      stopRequested();
      cancelWait?.();
      await current?.stop();
      await running;
    },
  };
}
