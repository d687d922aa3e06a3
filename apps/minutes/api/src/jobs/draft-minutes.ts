import type { ModelAccess } from "@bernard/llm";
import { DRAFT_JOB, engineSchema, type Minutes, type Turn } from "@bernard/minutes-contract";
import { AppError, defineJob } from "@bernard/toolkit";
import { OFFLINE_ENGINE, modelAuthor, type ChangeAuthor } from "@bernard/toolkit/change-log";
import { z } from "zod";
import { draftMinutesWithModel } from "../engine/model.js";
import type { Minutes as EngineMinutes } from "../engine/types.js";
import { draftMinutes } from "../engine/offline.js";
import { manifest } from "../manifest.js";
import { changeLog } from "../services/change-log.js";
import type { ToolDatabase } from "../services/database.js";
import { templateOf } from "../services/templates.js";
import { addVersion } from "../services/versions.js";

export const draftInput = z.object({
  meetingId: z.uuid(),
  engine: engineSchema.default("offline"),
  /** For the model engine: the model and a credential that outlasts the request. */
  model: z.string().optional(),
  credential: z.string().optional(),
});

/**
 * Drafts a meeting's minutes with the chosen engine and saves them as a new version. The model
 * engine reads the meeting in parts, each a step of the job, so a worker that dies mid-way
 * resumes at the first unread part without paying for the others again. The meeting's own
 * attendees and apologies (as a person checked them) replace those the engine found. A retried
 * job that had already saved its version does not save another.
 */
export function draftMinutesJob(db: ToolDatabase, models: ModelAccess | undefined) {
  return defineJob({
    name: DRAFT_JOB.name,
    input: draftInput,
    retryLimit: 2,
    async run({ input, jobId, progress, signal, step, startedBy }) {
      const meeting = await db.meeting.findUnique({ where: { id: input.meetingId } });
      if (!meeting) throw AppError.notFound("The meeting was deleted.");
      const turns = (meeting.turns as unknown as Turn[] | null) ?? [];
      await progress({ stage: DRAFT_JOB.stages[0], done: turns.length, total: turns.length });
      const context = { date: meeting.date, agenda: meeting.agenda };
      let author: ChangeAuthor = OFFLINE_ENGINE;
      let drafted: EngineMinutes;
      if (input.engine === "model") {
        if (!models || !input.model || !input.credential) {
          throw AppError.badRequest(
            "No AI model is available to the minute summariser. Use the offline engine.",
          );
        }
        author = modelAuthor(input.model);
        drafted = await draftMinutesWithModel(turns, {
          ...context,
          client: models.client(input.credential, input.model, {
            tool: manifest.id,
            ...(startedBy ? { user: startedBy } : {}),
          }),
          template: await templateOf(db, meeting.template),
          step,
          signal,
          progress: (update) => progress({ ...update, stage: DRAFT_JOB.stages[1] }),
        });
      } else {
        drafted = draftMinutes(turns, context);
      }
      const minutes: Minutes = {
        ...drafted,
        attendees: meeting.attendees.length > 0 ? meeting.attendees : drafted.attendees,
        apologies: meeting.attendees.length > 0 ? meeting.apologies : drafted.apologies,
        actions: drafted.actions.map((action) => ({ ...action, status: "open" })),
      };
      await progress({
        stage: DRAFT_JOB.stages[1],
        done: minutes.items.length,
        total: minutes.items.length,
      });
      await progress({ stage: DRAFT_JOB.stages[2], done: 0, total: 1 });
      const number = await db.$transaction(async (tx) => {
        const saved = await tx.minutesVersion.findUnique({ where: { jobId } });
        if (saved) return saved.number;
        const added = await addVersion(tx, meeting.id, {
          source: "generated",
          author,
          minutes,
          jobId,
        });
        await tx.change.create({
          data: {
            meetingId: meeting.id,
            ...changeLog.entry({
              action: "minutes.drafted",
              by: author,
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
      await progress({ stage: DRAFT_JOB.stages[2], done: 1, total: 1 });
      return {
        version: number,
        items: minutes.items.length,
        points: minutes.items.reduce((n, item) => n + item.points.length, 0),
      };
    },
  });
}
