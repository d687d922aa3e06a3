import type { Retention } from "@bernard/minutes-contract";
import { Prisma } from "../generated/prisma/client.js";
import { byPerson, changeLog, RETENTION_JOB, type Person } from "./change-log.js";
import type { ToolDatabase } from "./database.js";

const KEY = "retention.transcripts";
/** Thirty days unless an admin chooses otherwise. */
export const DEFAULT_RETENTION: Retention["transcripts"] = "30";
const DAY_MS = 24 * 60 * 60 * 1000;

export async function transcriptRetention(db: ToolDatabase): Promise<Retention["transcripts"]> {
  const stored = await db.setting.findUnique({ where: { key: KEY } });
  return (stored?.value as Retention["transcripts"] | undefined) ?? DEFAULT_RETENTION;
}

export async function setTranscriptRetention(
  db: ToolDatabase,
  value: Retention["transcripts"],
  admin: Person,
): Promise<Retention> {
  const before = await transcriptRetention(db);
  await db.$transaction([
    db.setting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } }),
    db.change.create({
      data: changeLog.entry({
        action: "retention.changed",
        by: byPerson(admin),
        before,
        after: value,
      }),
    }),
  ]);
  return { transcripts: value };
}

/** When a transcript uploaded at `uploadedAt` is deleted ("none": at the next daily purge; "keep": never). */
export function deleteOn(uploadedAt: Date, retention: Retention["transcripts"]): Date | null {
  if (retention === "keep") return null;
  const days = retention === "none" ? 0 : Number(retention);
  return new Date(uploadedAt.getTime() + days * DAY_MS);
}

/**
 * Deletes every transcript past its retention: the turns go, the minutes (and their citations'
 * turn numbers) stay. Each deletion is in the meeting's change log. Returns how many were deleted.
 */
export async function purgeTranscripts(db: ToolDatabase, now = new Date()): Promise<number> {
  const retention = await transcriptRetention(db);
  if (retention === "keep") return 0;
  const cutoff = new Date(now.getTime() - (retention === "none" ? 0 : Number(retention)) * DAY_MS);
  const due = await db.meeting.findMany({
    where: { transcriptPurgedAt: null, transcriptUploadedAt: { lte: cutoff } },
    select: { id: true, transcriptName: true, transcriptUploadedAt: true },
  });
  for (const meeting of due) {
    await db.$transaction([
      db.meeting.update({
        where: { id: meeting.id },
        data: { turns: Prisma.DbNull, transcriptPurgedAt: now },
      }),
      db.change.create({
        data: {
          meetingId: meeting.id,
          ...changeLog.entry({
            action: "transcript.purged",
            by: byPerson(RETENTION_JOB),
            details: {
              file: meeting.transcriptName,
              uploadedAt: meeting.transcriptUploadedAt?.toISOString() ?? null,
              retentionDays: retention,
            },
          }),
        },
      }),
    ]);
  }
  return due.length;
}
