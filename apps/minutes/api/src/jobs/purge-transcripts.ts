import { defineJob, type JobService } from "@bernard/toolkit";
import { z } from "zod";
import type { ToolDatabase } from "../services/database.js";
import { purgeAgreedMinutes, purgeTranscripts } from "../services/retention.js";

export const PURGE_JOB = "purge-transcripts";
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes the transcripts, then the meetings with agreed minutes, past their retention settings;
 * each deletion is in the change log.
 */
export function purgeTranscriptsJob(db: ToolDatabase) {
  return defineJob({
    name: PURGE_JOB,
    input: z.object({ day: z.string() }),
    async run({ progress }) {
      const purged = await purgeTranscripts(db);
      await progress({
        stage: "Deleting transcripts past their retention",
        done: purged,
        total: purged,
      });
      const meetings = await purgeAgreedMinutes(db);
      await progress({
        stage: "Deleting agreed minutes past their retention",
        done: meetings,
        total: meetings,
      });
      return { purged, meetings };
    },
  });
}

/**
 * Starts the purge at start-up and then once a day. The job is tied to the day, so several
 * replicas starting it at once run it once (the second start is refused as already running).
 */
export function scheduleDailyPurge(jobs: JobService): () => void {
  const start = () => {
    const day = new Date().toISOString().slice(0, 10);
    jobs
      .enqueue(PURGE_JOB, { day }, { startedBy: null, subject: { kind: "retention", id: day } })
      .catch(() => undefined);
  };
  start();
  const timer = setInterval(start, DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
