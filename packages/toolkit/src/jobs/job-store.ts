import { quoteIdentifier } from "@bernard/database";
import type pg from "pg";
import type { JobProgress } from "./job-definition.js";
import {
  JOB_STATES,
  UNFINISHED_STATES,
  type JobSnapshot,
  type JobState,
  type JobSubject,
} from "../contract/index.js";

// The snapshot's shape is the contract's, shared with the pages that show it.
export { JOB_STATES, UNFINISHED_STATES, type JobSnapshot, type JobState, type JobSubject };

export const FINISHED_STATES: readonly JobState[] = ["completed", "failed", "cancelled"];

interface JobRow {
  id: string;
  name: string;
  subject_kind: string | null;
  subject_id: string | null;
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

/** A pool or a client inside a transaction: whatever a query runs on. */
export type Sql = Pick<pg.Pool, "query">;

/** A job that pg-boss holds as active but whose worker has not been heard from. */
export interface AbandonedJob {
  id: string;
  name: string;
  retryCount: number;
  retryLimit: number;
}

/** Thrown when a subject already has an unfinished job of the same name. */
export class SubjectBusy extends Error {
  constructor(readonly subject: JobSubject) {
    super(`The ${subject.kind} ${subject.id} already has a job of this kind running`);
  }
}

/** The run no longer holds its job: it was cancelled, or its lease lapsed and another run took over. */
export class LeaseLost extends Error {
  constructor() {
    super(
      "This run of the job lost touch with the database for too long; the job resumes from its last finished step",
    );
  }
}

const UNIQUE_VIOLATION = "23505";

/**
 * The toolkit's own two tables, beside pg-boss's in the same schema: job status (what the UI
 * shows) and completed steps (what makes a resumed job skip work it already did).
 */
export class JobStore {
  /** The NOTIFY channel that carries the id of every job whose status changed. */
  readonly channel: string;
  private readonly status: string;
  private readonly steps: string;
  /** pg-boss's job table, in the same schema: the truth about which jobs a worker holds. */
  private readonly bossJobs: string;

  constructor(
    /** Connections in the app's own schema, so a step's writes reach the app's tables. */
    private readonly pool: pg.Pool,
    private readonly schema: string,
    /** Connections of their own for renewing leases, so steps holding every other cannot starve them. */
    private readonly leasePool: pg.Pool = pool,
  ) {
    this.channel = `${schema}_changed`;
    this.status = `${quoteIdentifier(schema)}.job_status`;
    this.steps = `${quoteIdentifier(schema)}.job_step`;
    this.bossJobs = `${quoteIdentifier(schema)}.job`;
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
      -- Added after the first release: databases made before it are upgraded in place.
      ALTER TABLE ${this.status} ADD COLUMN IF NOT EXISTS subject_kind text;
      ALTER TABLE ${this.status} ADD COLUMN IF NOT EXISTS subject_id text;
      -- The database, not a check before inserting, keeps a subject to one unfinished job per name.
      CREATE UNIQUE INDEX IF NOT EXISTS job_status_one_unfinished_per_subject
        ON ${this.status} (name, subject_kind, subject_id)
        WHERE state IN ('queued', 'running', 'retrying') AND subject_id IS NOT NULL;
      CREATE INDEX IF NOT EXISTS job_status_by_subject
        ON ${this.status} (subject_kind, subject_id, created_at DESC) WHERE subject_id IS NOT NULL;
      CREATE TABLE IF NOT EXISTS ${this.steps} (
        job_id uuid NOT NULL REFERENCES ${this.status} (id) ON DELETE CASCADE,
        name text NOT NULL,
        result jsonb,
        finished_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job_id, name)
      );
    `);
  }

  /** Records a queued job; throws SubjectBusy if its subject already has one of this name unfinished. */
  async insert(
    sql: Sql,
    job: { id: string; name: string; subject: JobSubject | null; startedBy: string | null },
  ): Promise<void> {
    try {
      await sql.query(
        `INSERT INTO ${this.status} (id, name, state, subject_kind, subject_id, started_by)
         VALUES ($1, $2, 'queued', $3, $4, $5)`,
        [job.id, job.name, job.subject?.kind ?? null, job.subject?.id ?? null, job.startedBy],
      );
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION && job.subject)
        throw new SubjectBusy(job.subject);
      throw error;
    }
    await this.notify(job.id, sql);
  }

  /** The subject's newest job (of one name, if given): its current one, or else its last. */
  async latestFor(subject: JobSubject, name?: string): Promise<JobSnapshot | undefined> {
    const result = await this.pool.query<JobRow>(
      `SELECT * FROM ${this.status}
       WHERE subject_kind = $1 AND subject_id = $2 AND ($3::text IS NULL OR name = $3)
       ORDER BY created_at DESC, id LIMIT 1`,
      [subject.kind, subject.id, name ?? null],
    );
    const row = result.rows[0];
    return row && toSnapshot(row);
  }

  async get(id: string): Promise<JobSnapshot | undefined> {
    const result = await this.pool.query<JobRow>(`SELECT * FROM ${this.status} WHERE id = $1`, [
      id,
    ]);
    const row = result.rows[0];
    return row && toSnapshot(row);
  }

  /** Marks a run as started, unless the job finished meanwhile (cancelled); returns whether to run it. */
  async markRunning(id: string, attempt: number): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE ${this.status} SET state = 'running', attempt = $2, error = NULL, heartbeat_at = now(), updated_at = now()
       WHERE id = $1 AND state NOT IN ('completed', 'failed', 'cancelled')`,
      [id, attempt],
    );
    await this.notify(id);
    return result.rowCount === 1;
  }

  /** Writes are fenced by attempt: a run another worker has taken over no longer changes the row. */
  async saveProgress(id: string, attempt: number, progress: JobProgress): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.status} SET stage = $3, done = $4, total = $5, message = $6, heartbeat_at = now(), updated_at = now()
       WHERE id = $1 AND attempt = $2 AND state = 'running'`,
      [id, attempt, progress.stage, progress.done, progress.total, progress.message ?? null],
    );
    await this.notify(id);
  }

  /** Renews the run's lease; false once the run no longer holds the job (cancelled, or retried elsewhere). */
  async heartbeat(id: string, attempt: number): Promise<boolean> {
    const result = await this.leasePool.query(
      `UPDATE ${this.status} SET heartbeat_at = now() WHERE id = $1 AND attempt = $2 AND state = 'running'`,
      [id, attempt],
    );
    return result.rowCount === 1;
  }

  /**
   * Whether this attempt still holds the job, locking its status row until the transaction ends,
   * so a recovery pass or cancellation cannot take the job over half-way through `sql`'s writes.
   */
  async holds(sql: Sql, id: string, attempt: number): Promise<boolean> {
    const result = await sql.query(
      `SELECT 1 FROM ${this.status} WHERE id = $1 AND attempt = $2 AND state = 'running' FOR UPDATE`,
      [id, attempt],
    );
    return result.rowCount === 1;
  }

  /** Makes pg-boss's next failure of the job its last: a failure retrying cannot mend. */
  async preventRetry(sql: Sql, id: string): Promise<void> {
    await sql.query(`UPDATE ${this.bossJobs} SET retry_limit = retry_count WHERE id = $1`, [id]);
  }

  /** Moves a job to a new state, never out of a finished one (a cancelled job stays cancelled). */
  async finish(
    id: string,
    state: JobState,
    fields: { result?: unknown; error?: string },
    sql: Sql = this.pool,
  ): Promise<void> {
    await sql.query(
      `UPDATE ${this.status} SET state = $2, result = $3, error = $4, heartbeat_at = NULL, updated_at = now()
       WHERE id = $1 AND state NOT IN ('completed', 'failed', 'cancelled')`,
      [
        id,
        state,
        fields.result === undefined ? null : JSON.stringify(fields.result),
        fields.error ?? null,
      ],
    );
    await this.notify(id, sql);
  }

  /**
   * Jobs pg-boss holds as active that no worker is running: not heard from (heartbeat, or the
   * last status change) for staleAfterMs. Read from pg-boss's own table rather than from the
   * status alone, since any write that met a database outage (the worker's report of a failure,
   * a fetch whose reply was lost) can leave the two disagreeing; this finds every such job.
   */
  async findAbandoned(staleAfterMs: number): Promise<AbandonedJob[]> {
    const result = await this.pool.query<AbandonedJob>(
      `SELECT j.id, j.name, j.retry_count AS "retryCount", j.retry_limit AS "retryLimit"
       FROM ${this.bossJobs} j JOIN ${this.status} s ON s.id = j.id
       WHERE j.state = 'active'
         AND j.started_on < now() - make_interval(secs => $1)
         AND coalesce(s.heartbeat_at, s.updated_at) < now() - make_interval(secs => $1)`,
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

  /**
   * Runs `work` in a transaction that also records the step, so both commit or neither does; a
   * run that no longer holds the job (retried elsewhere) commits nothing.
   */
  async runStep<T>(
    jobId: string,
    attempt: number,
    name: string,
    work: (sql: pg.PoolClient) => Promise<T>,
  ): Promise<T> {
    return this.transaction(async (client) => {
      const value = await work(client);
      // Checked last, so the status row stays locked only for the commit, not the whole step.
      if (!(await this.holds(client, jobId, attempt))) throw new LeaseLost();
      await client.query(`INSERT INTO ${this.steps} (job_id, name, result) VALUES ($1, $2, $3)`, [
        jobId,
        name,
        value === undefined ? null : JSON.stringify(value),
      ]);
      return value;
    });
  }

  /** Runs `work` in one transaction: everything it writes commits together, or nothing does. */
  async transaction<T>(work: (sql: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const value = await work(client);
      await client.query("COMMIT");
      return value;
    } catch (error) {
      // The work's own error is the one to report; a connection that cannot even roll back
      // (the database went away) is discarded rather than handed to the next caller.
      broken = await client.query("ROLLBACK").then(
        () => undefined,
        (failure: unknown) => (failure instanceof Error ? failure : new Error(String(failure))),
      );
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** Inside a transaction, the notification goes out when it commits. */
  private async notify(id: string, sql: Sql = this.pool): Promise<void> {
    await sql.query("SELECT pg_notify($1, $2)", [this.channel, id]);
  }
}

function toSnapshot(row: JobRow): JobSnapshot {
  return {
    id: row.id,
    name: row.name,
    subject:
      row.subject_kind === null || row.subject_id === null
        ? null
        : { kind: row.subject_kind, id: row.subject_id },
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
