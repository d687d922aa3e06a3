import { quoteIdentifier } from "@bernard/database";
import type pg from "pg";
import type { JobProgress } from "./job-definition.js";

export const JOB_STATES = [
  "queued",
  "running",
  "retrying",
  "completed",
  "failed",
  "cancelled",
] as const;
export type JobState = (typeof JOB_STATES)[number];
export const FINISHED_STATES: readonly JobState[] = ["completed", "failed", "cancelled"];

/** What a user (or the UI) sees of a job: stored in PostgreSQL, streamed on every change. */
export interface JobSnapshot {
  id: string;
  name: string;
  state: JobState;
  progress: JobProgress;
  attempt: number;
  result: unknown;
  error: string | null;
  startedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

interface JobRow {
  id: string;
  name: string;
  state: JobState;
  stage: string;
  done: number;
  total: number;
  message: string | null;
  attempt: number;
  result: unknown;
  error: string | null;
  started_by: string | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * The toolkit's own two tables, beside pg-boss's in the same schema: job status (what the UI
 * shows) and completed steps (what makes a resumed job skip work it already did).
 */
export class JobStore {
  /** The NOTIFY channel that carries the id of every job whose status changed. */
  readonly channel: string;
  private readonly status: string;
  private readonly steps: string;

  constructor(
    /** Connections in the app's own schema, so a step's writes reach the app's tables. */
    private readonly pool: pg.Pool,
    private readonly schema: string,
  ) {
    this.channel = `${schema}_changed`;
    this.status = `${quoteIdentifier(schema)}.job_status`;
    this.steps = `${quoteIdentifier(schema)}.job_step`;
  }

  async createTables(): Promise<void> {
    await this.pool.query(`
      CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.schema)};
      CREATE TABLE IF NOT EXISTS ${this.status} (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        state text NOT NULL,
        stage text NOT NULL DEFAULT 'Waiting to start',
        done integer NOT NULL DEFAULT 0,
        total integer NOT NULL DEFAULT 0,
        message text,
        attempt integer NOT NULL DEFAULT 0,
        result jsonb,
        error text,
        started_by text,
        heartbeat_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX IF NOT EXISTS job_status_running ON ${this.status} (heartbeat_at) WHERE state = 'running';
      CREATE TABLE IF NOT EXISTS ${this.steps} (
        job_id uuid NOT NULL REFERENCES ${this.status} (id) ON DELETE CASCADE,
        name text NOT NULL,
        result jsonb,
        finished_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job_id, name)
      );
    `);
  }

  async insert(id: string, name: string, startedBy: string | null): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.status} (id, name, state, started_by) VALUES ($1, $2, 'queued', $3)`,
      [id, name, startedBy],
    );
    await this.notify(id);
  }

  async get(id: string): Promise<JobSnapshot | undefined> {
    const result = await this.pool.query<JobRow>(`SELECT * FROM ${this.status} WHERE id = $1`, [
      id,
    ]);
    const row = result.rows[0];
    return row && toSnapshot(row);
  }

  /** Marks a run as started, unless the job was cancelled meanwhile; returns whether to run it. */
  async markRunning(id: string, attempt: number): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE ${this.status} SET state = 'running', attempt = $2, error = NULL, heartbeat_at = now(), updated_at = now()
       WHERE id = $1 AND state NOT IN ('cancelled', 'completed')`,
      [id, attempt],
    );
    await this.notify(id);
    return result.rowCount === 1;
  }

  async saveProgress(id: string, progress: JobProgress): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.status} SET stage = $2, done = $3, total = $4, message = $5, heartbeat_at = now(), updated_at = now()
       WHERE id = $1 AND state = 'running'`,
      [id, progress.stage, progress.done, progress.total, progress.message ?? null],
    );
    await this.notify(id);
  }

  async heartbeat(id: string): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.status} SET heartbeat_at = now() WHERE id = $1 AND state = 'running'`,
      [id],
    );
  }

  /** Moves a job to a new state, never out of a finished one (a cancelled job stays cancelled). */
  async finish(
    id: string,
    state: JobState,
    fields: { result?: unknown; error?: string },
  ): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.status} SET state = $2, result = $3, error = $4, heartbeat_at = NULL, updated_at = now()
       WHERE id = $1 AND state NOT IN ('completed', 'failed', 'cancelled')`,
      [
        id,
        state,
        fields.result === undefined ? null : JSON.stringify(fields.result),
        fields.error ?? null,
      ],
    );
    await this.notify(id);
  }

  /** Running jobs whose worker has not been heard from: it was killed or lost its connection. */
  async findStale(staleAfterMs: number): Promise<{ id: string; name: string }[]> {
    const result = await this.pool.query<{ id: string; name: string }>(
      `SELECT id, name FROM ${this.status}
       WHERE state = 'running' AND heartbeat_at < now() - make_interval(secs => $1)`,
      [staleAfterMs / 1000],
    );
    return result.rows;
  }

  async findStep(jobId: string, name: string): Promise<{ result: unknown } | undefined> {
    const result = await this.pool.query<{ result: unknown }>(
      `SELECT result FROM ${this.steps} WHERE job_id = $1 AND name = $2`,
      [jobId, name],
    );
    return result.rows[0];
  }

  /** Runs `work` in a transaction that also records the step, so both commit or neither does. */
  async runStep<T>(
    jobId: string,
    name: string,
    work: (sql: pg.PoolClient) => Promise<T>,
  ): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const value = await work(client);
      await client.query(`INSERT INTO ${this.steps} (job_id, name, result) VALUES ($1, $2, $3)`, [
        jobId,
        name,
        value === undefined ? null : JSON.stringify(value),
      ]);
      await client.query("COMMIT");
      return value;
    } catch (error) {
      // The step's own error is the one to report; a connection that cannot even roll back
      // (the database went away) is discarded rather than handed to the next step.
      broken = await client.query("ROLLBACK").then(
        () => undefined,
        (failure: unknown) => (failure instanceof Error ? failure : new Error(String(failure))),
      );
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private async notify(id: string): Promise<void> {
    await this.pool.query("SELECT pg_notify($1, $2)", [this.channel, id]);
  }
}

function toSnapshot(row: JobRow): JobSnapshot {
  return {
    id: row.id,
    name: row.name,
    state: row.state,
    progress: {
      stage: row.stage,
      done: row.done,
      total: row.total,
      ...(row.message === null ? {} : { message: row.message }),
    },
    attempt: row.attempt,
    result: row.result,
    error: row.error,
    startedBy: row.started_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
