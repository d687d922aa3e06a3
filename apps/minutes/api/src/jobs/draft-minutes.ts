import type { Minutes, Turn } from "@bernard/minutes-contract";
import { AppError, defineJob } from "@bernard/toolkit";
import { z } from "zod";
import { draftMinutes } from "../engine/offline.js";
import { changeLog, OFFLINE_ENGINE } from "../services/change-log.js";
import type { ToolDatabase } from "../services/database.js";
import { addVersion } from "../services/versions.js";

export const DRAFT_JOB = "draft-minutes";
/** The stages the draft reports, in order (the page lists them). */
export const DRAFT_STAGES = [
  "Reading the transcript",
  "Drafting the minutes",
  "Saving the minutes",
];

const draftInput = z.object({ meetingId: z.uuid() });

/**
 * Drafts a meeting's minutes with the offline engine and saves them as a new version. The
 * meeting's own attendees and apologies (as a person checked them) replace those the engine
 * found. A retried job that had already saved its version does not save another.
 */
export function draftMinutesJob(db: ToolDatabase) {
  return defineJob({
    name: DRAFT_JOB,
    input: draftInput,
    retryLimit: 2,
    async run({ input, jobId, progress }) {
      const meeting = await db.meeting.findUnique({ where: { id: input.meetingId } });
      if (!meeting) throw AppError.notFound("The meeting was deleted.");
      const turns = (meeting.turns as unknown as Turn[] | null) ?? [];
      await progress({ stage: DRAFT_STAGES[0]!, done: turns.length, total: turns.length });
      const drafted = draftMinutes(turns, { date: meeting.date, agenda: meeting.agenda });
      const minutes: Minutes = {
        ...drafted,
        attendees: meeting.attendees.length > 0 ? meeting.attendees : drafted.attendees,
        apologies: meeting.attendees.length > 0 ? meeting.apologies : drafted.apologies,
        actions: drafted.actions.map((action) => ({ ...action, status: "open" })),
      };
      await progress({
        stage: DRAFT_STAGES[1]!,
        done: minutes.items.length,
        total: minutes.items.length,
      });
      await progress({ stage: DRAFT_STAGES[2]!, done: 0, total: 1 });
      const number = await db.$transaction(async (tx) => {
        const saved = await tx.minutesVersion.findUnique({ where: { jobId } });
        if (saved) return saved.number;
        const added = await addVersion(tx, meeting.id, {
          source: "generated",
          author: OFFLINE_ENGINE,
          minutes,
          jobId,
        });
        await tx.change.create({
          data: {
            meetingId: meeting.id,
            ...changeLog.entry({
              action: "minutes.drafted",
              by: OFFLINE_ENGINE,
              details: {
                version: added,
                items: minutes.items.length,
                actions: minutes.actions.length,
              },
            }),
          },
        });
        return added;
      });
      await progress({ stage: DRAFT_STAGES[2]!, done: 1, total: 1 });
      return {
        version: number,
        items: minutes.items.length,
        points: minutes.items.reduce((n, item) => n + item.points.length, 0),
      };
    },
  });
}
