import { AppError } from "../errors.js";

export interface ReadLimitOptions {
  /** Uploads read (checked, previewed or imported) at the same time in one process. */
  concurrent: number;
  /** How long a request waits for its turn before it is told to try again. */
  maxWaitMs: number;
}

export type ReadLimit = ReturnType<typeof createReadLimit>;

/**
 * Bounds how many uploads one process reads at once, so a few large or hostile files cannot
 * exhaust its memory: the rest wait their turn. A request that would wait too long is answered
 * 503 with a message to try again; a background import waits as long as it takes.
 */
export function createReadLimit({ concurrent, maxWaitMs }: ReadLimitOptions) {
  let reading = 0;
  const waiting: (() => void)[] = [];

  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else reading -= 1;
  };

  /** Resolves when it is this caller's turn; false when `maxWait` passed first. */
  const turn = (maxWait: number | undefined) =>
    new Promise<boolean>((resolve) => {
      if (reading < concurrent) {
        reading += 1;
        resolve(true);
        return;
      }
      const go = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer =
        maxWait === undefined
          ? undefined
          : setTimeout(() => {
              waiting.splice(waiting.indexOf(go), 1);
              resolve(false);
            }, maxWait);
      waiting.push(go);
    });

  const run = async <T>(work: () => Promise<T>, maxWait: number | undefined): Promise<T> => {
    if (!(await turn(maxWait))) {
      throw new AppError(
        503,
        "BUSY",
        "Bernard is busy reading other files. Try again in a moment.",
        undefined,
        "5",
      );
    }
    try {
      return await work();
    } finally {
      release();
    }
  };

  return {
    /** For a request: waits at most maxWaitMs, then answers 503. */
    forRequest: <T>(work: () => Promise<T>) => run(work, maxWaitMs),
    /** For a background job: waits for its turn however long it takes. */
    forJob: <T>(work: () => Promise<T>) => run(work, undefined),
  };
}
