import type { Retention, RetentionPeriod } from "@bernard/minutes-contract";
import { Prisma } from "../generated/prisma/client.js";
import { byPerson, changeLog, RETENTION_JOB, type Person } from "./change-log.js";
import type { ToolDatabase } from "./database.js";

const KEYS: Record<keyof Retention, string> = {
  transcripts: "retention.transcripts",
  agreedMinutes: "retention.agreed-minutes",
};
/**
 * Transcripts and recordings for thirty days, agreed minutes (the record of the meeting) until
 * someone deletes them, unless an admin chooses otherwise.
 */
export const DEFAULT_RETENTION: Retention = { transcripts: "30", agreedMinutes: "keep" };
const DAY_MS = 24 * 60 * 60 * 1000;

export async function retentionSettings(db: ToolDatabase): Promise<Retention> {
  const stored = await db.setting.findMany({ where: { key: { in: Object.values(KEYS) } } });
  const valueOf = (setting: keyof Retention) =>
    (stored.find((row) => row.key === KEYS[setting])?.value as RetentionPeriod | undefined) ??
    DEFAULT_RETENTION[setting];
  return { transcripts: valueOf("transcripts"), agreedMinutes: valueOf("agreedMinutes") };
}

/** Saves an admin's choice; each setting changed is in the change log with what it was. */
export async function setRetention(
  db: ToolDatabase,
  chosen: Retention,
  admin: Person,
): Promise<Retention> {
  const before = await retentionSettings(db);
  const changed = (Object.keys(KEYS) as (keyof Retention)[]).filter(
    (setting) => chosen[setting] !== before[setting],
  );
  await db.$transaction(
    changed.flatMap((setting) => [
      db.setting.upsert({
        where: { key: KEYS[setting] },
        create: { key: KEYS[setting], value: chosen[setting] },
        update: { value: chosen[setting] },
      }),
      db.change.create({
        data: changeLog.entry({
          action: "retention.changed",
          by: byPerson(admin),
          details: { setting },
          before: before[setting],
          after: chosen[setting],
        }),
      }),
    ]),
  );
  return chosen;
}

/** When something kept from `since` is deleted ("none": at the next daily purge; "keep": never). */
export function deleteOn(since: Date, retention: RetentionPeriod): Date | null {
  if (retention === "keep") return null;
  return new Date(since.getTime() + days(retention) * DAY_MS);
}

const days = (retention: Exclude<RetentionPeriod, "keep">) =>
  retention === "none" ? 0 : Number(retention);

/** The latest time something may have started to be kept and be deleted `now`; null when kept. */
function cutoff(retention: RetentionPeriod, now: Date): Date | null {
  return retention === "keep" ? null : new Date(now.getTime() - days(retention) * DAY_MS);
}

/**
 * Deletes every transcript past its retention: the turns go, the minutes (and their citations'
 * turn numbers) stay. Each deletion is in the meeting's change log. Returns how many were deleted.
 */
export async function purgeTranscripts(db: ToolDatabase, now = new Date()): Promise<number> {
  const { transcripts } = await retentionSettings(db);
  const before = cutoff(transcripts, now);
  if (!before) return 0;
  const due = await db.meeting.findMany({
    where: { transcriptPurgedAt: null, transcriptUploadedAt: { lte: before } },
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
              retentionDays: transcripts,
            },
          }),
        },
      }),
    ]);
  }
  return due.length;
}

/**
 * Deletes every meeting whose minutes were agreed longer ago than the agreed minutes' retention,
 * with its versions and comments. What was deleted, and when it had been agreed, stays in the
 * tool's own change log (the meeting's went with it). Returns how many were deleted.
 */
export async function purgeAgreedMinutes(db: ToolDatabase, now = new Date()): Promise<number> {
  const { agreedMinutes } = await retentionSettings(db);
  const before = cutoff(agreedMinutes, now);
  if (!before) return 0;
  const due = await db.meeting.findMany({
    where: { status: "agreed", agreedAt: { lte: before } },
    select: { id: true, title: true, date: true, ownerName: true, agreedAt: true },
  });
  for (const meeting of due) {
    await db.$transaction([
      db.meeting.delete({ where: { id: meeting.id } }),
      db.change.create({
        data: changeLog.entry({
          action: "meeting.purged",
          by: byPerson(RETENTION_JOB),
          details: {
            meeting: meeting.id,
            title: meeting.title,
            date: meeting.date,
            owner: meeting.ownerName,
            agreedAt: meeting.agreedAt?.toISOString() ?? null,
            retentionDays: agreedMinutes,
          },
        }),
      }),
    ]);
  }
  return due.length;
}
