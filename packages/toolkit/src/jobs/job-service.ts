import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import {
  createPool,
  NotificationListener,
  TIMEOUT_OPTIONS,
  withLock,
  type AppDatabase,
} from "@bernard/database";
import type pg from "pg";
import PgBoss from "pg-boss";
import { AppError } from "../errors.js";
import { JobFailure, type JobDefinition, type JobProgress } from "./job-definition.js";
import {
  FINISHED_STATES,
  JobStore,
  LeaseLost,
  SubjectBusy,
  type JobSnapshot,
  type JobSubject,
  type Sql,
} from "./job-store.js";

export interface JobServiceOptions {
  /** The app's database; jobs live in their own schema beside the app's (`<schema>_jobs`). */
  database: AppDatabase;
  jobs: JobDefinition[];
  /** Whether this process runs jobs, or only enqueues and watches them (default true). */
  work?: boolean;
  /** How often a running job proves its worker is alive (renews its lease). */
  heartbeatMs?: number;
  /**
   * A job not heard from for this long is retried (its worker died, or a write recording its
   * outcome met a database outage); checked every heartbeatMs. A worker that cannot renew its
   * lease for nearly this long stops the run itself, so two runs of one job never overlap.
   */
  staleAfterMs?: number;
  /** Minimum gap between two progress writes of one job. */
  progressIntervalMs?: number;
  onError?: (error: unknown) => void;
}

interface JobRequest {
  input: unknown;
  startedBy: string | null;
}

class JobCancelled extends Error {
  constructor() {
    super("The job was cancelled");
  }
}

/** How often an idle worker asks for a job; one enqueued in the same process wakes it at once. */
const POLL_MS = 500;
/** How long stopping waits for running jobs to hand themselves back. */
const STOP_TIMEOUT_MS = 10_000;

const ABANDONED = "The worker running this job stopped responding";

/** pg-boss runs its statements on our client, so they commit or roll back with ours. */
const inTransaction = (sql: Sql): { db: PgBoss.Db } => ({
  db: { executeSql: (text, values) => sql.query(text, values) },
});

class ProcessStopping extends Error {
  constructor() {
    super(
      "The process running the job is stopping; the job will resume from its last finished step",
    );
  }
}

/**
 * Durable background jobs on pg-boss: enqueue, run with retries and backoff, report progress,
 * cancel, and resume after a crash by skipping steps that already finished.
 */
export class JobService {
  readonly schema: string;
  private readonly pool: pg.Pool;
  private readonly leasePool: pg.Pool;
  private readonly store: JobStore;
  private readonly boss: PgBoss;
  private readonly definitions: Map<string, JobDefinition>;
  private readonly changes = new EventEmitter().setMaxListeners(0);
  private readonly running = new Map<string, AbortController>();
  /** Wakes this process's idle workers, by job name. */
  private readonly idleWorkers = new Map<string, Set<() => void>>();
  private readonly workLoops: Promise<void>[] = [];
  private stopping = false;
  private readonly listener: NotificationListener;
  private reaper: NodeJS.Timeout | undefined;
  private recovering = false;
  private readonly heartbeatMs: number;
  private readonly staleAfterMs: number;
  private readonly progressIntervalMs: number;
  private readonly onError: (error: unknown) => void;

  constructor(private readonly options: JobServiceOptions) {
    this.schema = `${options.database.schema}_jobs`;
    this.pool = createPool(options.database, { max: 5 });
    this.leasePool = createPool(options.database, { max: 2 });
    this.store = new JobStore(this.pool, this.schema, this.leasePool);
    this.boss = new PgBoss({
      connectionString: options.database.url,
      schema: this.schema,
      max: 5,
      // pg-boss passes these on to its pg.Pool, though its types do not list them.
      ...TIMEOUT_OPTIONS,
    });
    this.definitions = new Map(options.jobs.map((job) => [job.name, job]));
    this.heartbeatMs = options.heartbeatMs ?? 5_000;
    this.staleAfterMs = options.staleAfterMs ?? 60_000;
    if (this.staleAfterMs <= 2 * this.heartbeatMs)
      throw new Error("staleAfterMs must be more than two heartbeats (heartbeatMs)");
    this.progressIntervalMs = options.progressIntervalMs ?? 250;
    this.onError = options.onError ?? (() => {});
    this.boss.on("error", this.onError);
    this.pool.on("error", this.onError);
    this.leasePool.on("error", this.onError);
    this.listener = new NotificationListener({
      url: options.database.url,
      channels: [this.store.channel],
      onNotification: (_channel, id) => this.onJobChanged(id),
      // Changes made while the connection was down were not heard: every watcher re-reads.
      onReconnected: () => {
        for (const id of this.changes.eventNames()) this.onJobChanged(String(id));
      },
      onError: this.onError,
    });
  }

  async start(): Promise<void> {
    // Replicas starting together would otherwise deadlock creating the same tables and queues.
    await withLock(this.options.database.url, this.schema, async () => {
      await this.store.createTables();
      await this.boss.start();
      for (const job of this.definitions.values()) {
        await this.boss.createQueue(job.name, {
          name: job.name,
          retryLimit: job.retryLimit ?? 2,
          retryDelay: job.retryDelaySeconds ?? 5,
          retryBackoff: true,
          // Liveness is judged by heartbeats (staleAfterMs), so pg-boss's own expiry only has to
          // outlast the longest legitimate job.
          expireInHours: 23,
        });
      }
    });
    await this.listener.start();
    if (this.options.work ?? true) await this.startWorkers();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.reaper);
    // Running jobs fail fast and are retried by the next worker, resuming from their last step.
    for (const controller of this.running.values()) controller.abort(new ProcessStopping());
    for (const wake of [...this.idleWorkers.values()].flatMap((set) => [...set])) wake();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.workLoops),
      new Promise((resolve) => (timer = setTimeout(resolve, STOP_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    await this.boss.stop({ graceful: true, timeout: STOP_TIMEOUT_MS, wait: true });
    await this.listener.stop();
    await this.pool.end();
    await this.leasePool.end();
  }

  /**
   * Queues a job. With a subject (what the job works on), a second job of the same name for the
   * same subject is refused (409) while the first is unfinished; the database enforces it.
   */
  async enqueue(
    name: string,
    input: unknown,
    options: { startedBy?: string | null; subject?: JobSubject } = {},
  ): Promise<JobSnapshot> {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`No job is defined with the name "${name}"`);
    const startedBy = options.startedBy ?? null;
    const request: JobRequest = { input: definition.input.parse(input), startedBy };
    const id = randomUUID();
    // The status row and pg-boss's job commit together: neither exists without the other.
    await this.store
      .transaction(async (sql) => {
        await this.store.insert(sql, { id, name, subject: options.subject ?? null, startedBy });
        if (!(await this.boss.send(name, request, { id, ...inTransaction(sql) })))
          throw new Error(`pg-boss did not accept a "${name}" job`);
      })
      .catch((error: unknown) => {
        if (!(error instanceof SubjectBusy)) throw error;
        throw AppError.conflict(
          `This ${error.subject.kind} already has an unfinished "${name}" job. Follow or stop it before starting another.`,
        );
      });
    // Wake this process's idle workers, so a job starts at once rather than at the next poll.
    for (const wake of [...(this.idleWorkers.get(name) ?? [])]) wake();
    return (await this.store.get(id))!;
  }

  /** The subject's current job (of one name, if given), or its latest finished one. */
  async latestFor(subject: JobSubject, name?: string): Promise<JobSnapshot | undefined> {
    return this.store.latestFor(subject, name);
  }

  async get(id: string): Promise<JobSnapshot | undefined> {
    return this.store.get(id);
  }

  /** Stops a job: it will not start, and a running one is told through its abort signal. */
  async cancel(id: string): Promise<JobSnapshot> {
    const job = await this.store.get(id);
    if (!job) throw AppError.notFound(`There is no job with the ID ${id}`);
    if (FINISHED_STATES.includes(job.state)) {
      throw AppError.conflict(
        `The job has already ${job.state === "cancelled" ? "been cancelled" : job.state}`,
      );
    }
    await this.store.transaction(async (sql) => {
      await this.boss.cancel(job.name, id, inTransaction(sql));
      await this.store.finish(id, "cancelled", { error: "Cancelled by a user" }, sql);
    });
    return (await this.store.get(id))!;
  }

  /** Calls `listener` with the job's snapshot on every change, from any process; returns an unsubscribe. */
  watch(id: string, listener: (job: JobSnapshot) => void): () => void {
    const onChange = () => {
      this.store.get(id).then((job) => job && listener(job), this.onError);
    };
    this.changes.on(id, onChange);
    return () => this.changes.off(id, onChange);
  }

  private onJobChanged(id: string): void {
    this.changes.emit(id);
    const local = this.running.get(id);
    if (local) void this.abortIfCancelled(id, local);
  }

  private async abortIfCancelled(id: string, controller: AbortController): Promise<void> {
    const job = await this.store.get(id).catch(() => undefined);
    if (job?.state === "cancelled") controller.abort(new JobCancelled());
  }

  private async startWorkers(): Promise<void> {
    for (const definition of this.definitions.values()) {
      for (let i = 0; i < (definition.concurrency ?? 1); i++)
        this.workLoops.push(this.workLoop(definition));
    }
    this.reaper = setInterval(() => void this.recoverAbandonedJobs(), this.heartbeatMs);
  }

  /**
   * Takes jobs from pg-boss one at a time and runs them. The run records its own outcome in
   * pg-boss (rather than pg-boss's work() doing it by job ID afterwards), so a run that lost its
   * job to a retry elsewhere cannot complete or fail the retry.
   */
  private async workLoop(definition: JobDefinition): Promise<void> {
    while (!this.stopping) {
      const [job] = await this.boss
        .fetch<JobRequest>(definition.name, { batchSize: 1, includeMetadata: true })
        .catch((error: unknown) => {
          this.onError(error);
          return [];
        });
      if (job) await this.runJob(definition, job);
      else await this.idle(definition.name);
    }
  }

  private idle(name: string): Promise<void> {
    const waiting = this.idleWorkers.get(name) ?? new Set();
    this.idleWorkers.set(name, waiting);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        waiting.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, POLL_MS);
      waiting.add(wake);
    });
  }

  /**
   * Fails, so pg-boss retries them (resuming from their last step), jobs no worker is running:
   * the worker died, or the database went away while it was recording the job's outcome. Each
   * recovery commits pg-boss's retry and the status together; one lost to a new outage is
   * found again on the next pass.
   */
  private async recoverAbandonedJobs(): Promise<void> {
    if (this.recovering) return; // a pass waiting on an unreachable database is still going
    this.recovering = true;
    try {
      for (const job of await this.store.findAbandoned(this.staleAfterMs)) {
        if (this.running.has(job.id)) continue;
        const state = job.retryCount >= job.retryLimit ? "failed" : "retrying";
        await this.store.transaction(async (sql) => {
          await this.boss.fail(job.name, job.id, { message: ABANDONED }, inTransaction(sql));
          await this.store.finish(job.id, state, { error: ABANDONED }, sql);
        });
      }
    } catch (error) {
      this.onError(error);
    } finally {
      this.recovering = false;
    }
  }

  private async runJob(
    definition: JobDefinition,
    job: PgBoss.JobWithMetadata<JobRequest>,
  ): Promise<void> {
    const attempt = job.retryCount + 1;
    // Not running it (cancelled meanwhile, or the database is gone) leaves nothing to undo: a
    // job pg-boss holds as active with nobody heard from is recovered by recoverAbandonedJobs.
    const started = await this.store.markRunning(job.id, attempt).catch((error: unknown) => {
      this.onError(error);
      return false;
    });
    if (!started) return;

    const controller = new AbortController();
    this.running.set(job.id, controller);
    const heartbeat = this.keepLease(job.id, attempt, controller);
    let lastWrite = 0;
    let lastStage = "";
    let pending: JobProgress | undefined;

    const flush = async () => {
      if (!pending) return;
      const update = pending;
      pending = undefined;
      lastWrite = Date.now();
      lastStage = update.stage;
      await this.store.saveProgress(job.id, attempt, update);
    };

    try {
      const result = await definition.run({
        jobId: job.id,
        input: definition.input.parse(job.data.input),
        startedBy: job.data.startedBy,
        attempt,
        signal: controller.signal,
        progress: async (update) => {
          controller.signal.throwIfAborted();
          pending = update;
          const due = Date.now() - lastWrite >= this.progressIntervalMs;
          if (due || update.stage !== lastStage || update.done >= update.total) await flush();
        },
        step: async (name, work) => {
          controller.signal.throwIfAborted();
          const done = await this.store.findStep(job.id, name);
          if (done) return done.result as never;
          return this.store.runStep(job.id, attempt, name, work);
        },
      });
      await flush();
      await this.settle(job, attempt, { result });
    } catch (error) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : error;
      const permanent = reason instanceof JobFailure;
      const message = reason instanceof Error ? reason.message : String(reason);
      // If the database is gone this write fails too; recoverAbandonedJobs settles the job later.
      await this.settle(job, attempt, { error: message, permanent }).catch(this.onError);
    } finally {
      clearInterval(heartbeat);
      this.running.delete(job.id);
    }
  }

  /**
   * Renews the run's lease every heartbeat. The run is stopped when another has taken the job
   * over, or when the lease could not be renewed for so long that other workers may soon retry it.
   */
  private keepLease(id: string, attempt: number, controller: AbortController): NodeJS.Timeout {
    const lapsesAfterMs = this.staleAfterMs - 2 * this.heartbeatMs;
    let renewedAt = Date.now();
    let unanswered = false;
    return setInterval(() => {
      // Lapsed only while renewals go unanswered. Judged after pending I/O (setImmediate), so a
      // tick that comes late because the event loop was busy first hears the answers that came
      // meanwhile; a run whose job was taken over then is stopped by the renewal's answer.
      setImmediate(() => {
        if (unanswered && Date.now() - renewedAt >= lapsesAfterMs)
          controller.abort(new LeaseLost());
        unanswered = true;
        this.store.heartbeat(id, attempt).then((held) => {
          if (!held) return controller.abort(new LeaseLost());
          renewedAt = Date.now();
          unanswered = false;
        }, this.onError);
      });
    }, this.heartbeatMs);
  }

  /**
   * Records a run's outcome in pg-boss and the status together, if the run still holds the job
   * (a cancelled job, or one retried elsewhere after this run's lease lapsed, is left alone).
   */
  private async settle(
    job: PgBoss.JobWithMetadata<JobRequest>,
    attempt: number,
    outcome: { result: unknown } | { error: string; permanent: boolean },
  ): Promise<void> {
    await this.store.transaction(async (sql) => {
      if (!(await this.store.holds(sql, job.id, attempt))) return;
      if ("result" in outcome) {
        await this.boss.complete(job.name, job.id, {}, inTransaction(sql));
        await this.store.finish(job.id, "completed", { result: outcome.result }, sql);
        return;
      }
      if (outcome.permanent) await this.store.preventRetry(sql, job.id);
      // pg-boss retries it with backoff, unless this was its last attempt.
      await this.boss.fail(job.name, job.id, { message: outcome.error }, inTransaction(sql));
      const last = outcome.permanent || job.retryCount >= job.retryLimit;
      await this.store.finish(job.id, last ? "failed" : "retrying", { error: outcome.error }, sql);
    });
  }
}
