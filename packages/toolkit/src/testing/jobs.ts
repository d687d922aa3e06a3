import type { JobService } from "../jobs/job-service.js";
import { FINISHED_STATES, type JobSnapshot } from "../jobs/job-store.js";
import { ScriptProcess } from "./script-process.js";

/** What a worker script prints once its `JobService` has started (see `startWorker`). */
export const WORKER_READY = "worker ready";

/**
 * Starts a worker script (one that starts a `JobService` and prints `WORKER_READY`) as its own
 * process and waits until it is ready, so a test can then kill it mid-job (`kill()`, a SIGKILL).
 */
export async function startWorker(script: string, args: string[] = []): Promise<ScriptProcess> {
  const worker = ScriptProcess.start(script, args);
  try {
    await worker.printed(WORKER_READY);
  } catch (error) {
    await worker.kill();
    throw error;
  }
  return worker;
}

/** Polls the job until `until` holds (by default: it has finished) and returns it. */
export async function waitForJob(
  jobs: Pick<JobService, "get">,
  id: string,
  {
    until = (job) => FINISHED_STATES.includes(job.state),
    timeoutMs = 60_000,
  }: { until?: (job: JobSnapshot) => boolean; timeoutMs?: number } = {},
): Promise<JobSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await jobs.get(id);
    if (!job) throw new Error(`There is no job ${id}`);
    if (until(job)) return job;
    if (Date.now() > deadline) {
      throw new Error(
        `Job ${id} did not get there in time (${job.state}, ${JSON.stringify(job.progress)})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
