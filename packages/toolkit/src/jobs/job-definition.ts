import type pg from "pg";
import type { z } from "zod";

export interface JobProgress {
  /** A short name for what the job is doing now, shown to the user ("Reading file"). */
  stage: string;
  done: number;
  total: number;
  message?: string;
}

export interface JobContext<Input> {
  jobId: string;
  input: Input;
  /** The person who started the job, so usage and audit stay attributed after their session ends. */
  startedBy: string | null;
  /** 1 on the first run, 2 on the first retry, and so on. */
  attempt: number;
  /** Aborted when someone cancels the job; pass it to long calls and check it between items. */
  signal: AbortSignal;
  /** Records progress (stored and streamed); frequent calls are coalesced. Throws once cancelled. */
  progress: (update: JobProgress) => Promise<void>;
  /**
   * Runs `work` at most once per job, even across retries and crashes: its writes through `sql`
   * commit together with the record that the step is done, and a finished step's result is
   * returned from that record on later attempts instead of running again.
   */
  step: <T>(name: string, work: (sql: pg.PoolClient) => Promise<T>) => Promise<T>;
}

export interface JobDefinition<Schema extends z.ZodType = z.ZodType, Result = unknown> {
  /** Queue name: lower-case letters, digits and dashes. */
  name: string;
  input: Schema;
  /** Retries after the first failure, with exponential backoff from retryDelaySeconds. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** Jobs of this kind that one process runs at the same time. */
  concurrency?: number;
  run(context: JobContext<z.infer<Schema>>): Promise<Result>;
}

/**
 * Thrown by a job for a failure that retrying cannot mend (an unreadable file, input that breaks
 * a rule): the job fails at once with this message instead of being retried.
 */
export class JobFailure extends Error {
  override readonly name = "JobFailure";
}

/** Declares a kind of background job; typing flows from the zod input schema into `run`. */
export function defineJob<Schema extends z.ZodType, Result>(
  definition: JobDefinition<Schema, Result>,
): JobDefinition<Schema, Result> {
  if (!/^[a-z][a-z0-9-]*$/.test(definition.name)) {
    throw new Error(`Job name "${definition.name}" must be lower-case letters, digits and dashes`);
  }
  return definition;
}
