import {
  minutesSchema,
  type Difference,
  type Minutes,
  type Turn,
  type Version,
  type VersionSource,
  type VersionSummary,
} from "@bernard/minutes-contract";
import type { LlmClient } from "@bernard/llm";
import { AppError } from "@bernard/toolkit";
import { aiEditMinutes } from "../engine/ai-edit.js";
import type { Prisma } from "../generated/prisma/client.js";
import { byPerson, changeLog, type Person } from "./change-log.js";
import type { ToolDatabase } from "./database.js";
import { assertNotAgreed } from "./meetings.js";
import { styleFlags, textsOf } from "./style.js";

type VersionRow = Prisma.MinutesVersionGetPayload<object>;

export function versionSummary(row: VersionRow): VersionSummary {
  return {
    number: row.number,
    source: row.source as VersionSource,
    authorName: row.authorName,
    createdAt: row.createdAt.toISOString(),
    restoredFrom: row.restoredFrom,
  };
}

export async function listVersions(db: ToolDatabase, meetingId: string): Promise<VersionSummary[]> {
  const rows = await db.minutesVersion.findMany({
    where: { meetingId },
    orderBy: { number: "desc" },
  });
  return rows.map(versionSummary);
}

/** One version with its style check and what it changed from the version before it. */
export async function findVersion(
  db: ToolDatabase,
  meetingId: string,
  number?: number,
): Promise<Version> {
  const row = await db.minutesVersion.findFirst({
    where: { meetingId, ...(number !== undefined && { number }) },
    orderBy: { number: "desc" },
  });
  if (!row) {
    throw AppError.notFound(
      number === undefined
        ? "These minutes have not been drafted yet."
        : `There is no version ${number}.`,
    );
  }
  const previous = await db.minutesVersion.findFirst({
    where: { meetingId, number: { lt: row.number } },
    orderBy: { number: "desc" },
  });
  const minutes = minutesSchema.parse(row.minutes);
  return {
    ...versionSummary(row),
    minutes,
    styleFlags: styleFlags(minutes),
    changes: previous ? differences(minutesSchema.parse(previous.minutes), minutes) : [],
  };
}

/** Each place in the minutes as one line of text, so two versions compare place by place. */
function placesOf(minutes: Minutes): Map<string, string> {
  const places = new Map<string, string>([
    ["attendees", minutes.attendees.join(", ")],
    ["apologies", minutes.apologies.join(", ")],
  ]);
  for (const { ref, text } of textsOf(minutes)) places.set(ref, text);
  minutes.actions.forEach((action, i) =>
    places.set(
      `actions.${i}`,
      `${action.text} (owner: ${action.owner ?? "to be agreed"}; due: ${action.due ?? action.dueText ?? "not set"}; ${action.status})`,
    ),
  );
  return places;
}

export function differences(before: Minutes, after: Minutes): Difference[] {
  const old = placesOf(before);
  const now = placesOf(after);
  const refs = [...new Set([...old.keys(), ...now.keys()])];
  return refs
    .filter((ref) => old.get(ref) !== now.get(ref))
    .map((ref) => ({ ref, before: old.get(ref) ?? null, after: now.get(ref) ?? null }));
}

/** Every cited turn must be one the transcript has (while it is kept). */
function assertCitationsExist(minutes: Minutes, turns: Turn[] | null): void {
  if (!turns) return;
  const cited = [
    ...minutes.items.flatMap((item) => item.points),
    ...minutes.decisions,
    ...minutes.actions,
    ...minutes.declarations,
  ].flatMap((point) => point.turns);
  const missing = cited.find((turn) => turn >= turns.length);
  if (missing !== undefined) {
    throw AppError.badRequest(
      `Turn ${missing} is not in the transcript, which has ${turns.length} turns.`,
    );
  }
}

/** Adds the next version; the caller's transaction also writes the change log entry. */
export async function addVersion(
  tx: Prisma.TransactionClient,
  meetingId: string,
  version: {
    source: VersionSource;
    author: Person;
    minutes: Minutes;
    jobId?: string;
    restoredFrom?: number;
  },
): Promise<number> {
  const last = await tx.minutesVersion.findFirst({
    where: { meetingId },
    orderBy: { number: "desc" },
  });
  const number = (last?.number ?? 0) + 1;
  await tx.minutesVersion.create({
    data: {
      meetingId,
      number,
      source: version.source,
      authorId: version.author.id,
      authorName: version.author.name,
      jobId: version.jobId ?? null,
      restoredFrom: version.restoredFrom ?? null,
      minutes: version.minutes,
    },
  });
  return number;
}

/** The newest version, refused unless it is the one the person edited (a newer one is not overwritten). */
async function latestToEdit(tx: Prisma.TransactionClient, meetingId: string, basedOn: number) {
  const latest = await tx.minutesVersion.findFirst({
    where: { meetingId },
    orderBy: { number: "desc" },
  });
  if (!latest) throw AppError.conflict("Draft the minutes before editing them.");
  if (latest.number !== basedOn) {
    throw AppError.conflict(
      `${latest.authorName} saved version ${latest.number} after the version ${basedOn} you edited. Reload to see it, then make your change again.`,
    );
  }
  return latest;
}

/**
 * A person's edit, saved as a new version on top of `basedOn`. Refused when someone saved a newer
 * version meanwhile (theirs is not overwritten) or when the chair has agreed the minutes.
 */
export async function editMinutes(
  db: ToolDatabase,
  meetingId: string,
  edit: { basedOn: number; minutes: Minutes },
  person: Person,
): Promise<Version> {
  const number = await db.$transaction(async (tx) => {
    const meeting = await tx.meeting.findUniqueOrThrow({ where: { id: meetingId } });
    assertNotAgreed(meeting);
    const latest = await latestToEdit(tx, meetingId, edit.basedOn);
    assertCitationsExist(edit.minutes, meeting.turns as unknown as Turn[] | null);
    const changes = differences(minutesSchema.parse(latest.minutes), edit.minutes);
    if (changes.length === 0) throw AppError.badRequest("Nothing was changed.");
    const added = await addVersion(tx, meetingId, {
      source: "person",
      author: person,
      minutes: edit.minutes,
    });
    await tx.change.create({
      data: {
        meetingId,
        ...changeLog.entry({
          action: "minutes.edited",
          by: byPerson(person),
          details: { version: added, changes },
        }),
      },
    });
    return added;
  });
  return findVersion(db, meetingId, number);
}

/**
 * An AI edit: the model rewrites the minutes of version `basedOn` as the person asks, and the
 * result is saved as a new version whose source is "ai", asked for by them. Nothing is lost:
 * the version they edited stays, one click brings it back, and what the model changed of a
 * person's settings (owners, due dates, statuses) or names it brought in are listed for them.
 */
export async function aiEditVersion(
  db: ToolDatabase,
  meetingId: string,
  edit: { basedOn: number; instruction: string },
  person: Person,
  client: LlmClient,
): Promise<Version & { problems: string[] }> {
  const meeting = await db.meeting.findUniqueOrThrow({ where: { id: meetingId } });
  assertNotAgreed(meeting);
  const turns = meeting.turns as unknown as Turn[] | null;
  if (!turns) {
    throw AppError.conflict(
      "The transcript was deleted under the retention setting, so an AI edit could not check its citations. Edit the minutes yourself instead.",
    );
  }
  const based = await latestToEdit(db, meetingId, edit.basedOn);
  const { minutes, problems } = await aiEditMinutes(
    client,
    minutesSchema.parse(based.minutes),
    turns,
    edit.instruction,
  );
  const checked = minutesSchema.parse(minutes);
  const number = await db.$transaction(async (tx) => {
    assertNotAgreed(await tx.meeting.findUniqueOrThrow({ where: { id: meetingId } }));
    // Someone may have saved while the model worked: their version is not overwritten.
    const latest = await latestToEdit(tx, meetingId, edit.basedOn);
    const changes = differences(minutesSchema.parse(latest.minutes), checked);
    if (changes.length === 0)
      throw AppError.badRequest("The AI edit changed nothing: try saying what to change.");
    const added = await addVersion(tx, meetingId, {
      source: "ai",
      author: person,
      minutes: checked,
    });
    await tx.change.create({
      data: {
        meetingId,
        ...changeLog.entry({
          action: "minutes.ai-edited",
          by: byPerson(person),
          details: {
            version: added,
            instruction: edit.instruction,
            model: client.model,
            changes,
            problems,
          },
        }),
      },
    });
    return added;
  });
  return { ...(await findVersion(db, meetingId, number)), problems };
}

/** Brings an earlier version back as the newest one (undoing what came after, which stays kept). */
export async function restoreVersion(
  db: ToolDatabase,
  meetingId: string,
  number: number,
  person: Person,
): Promise<Version> {
  const added = await db.$transaction(async (tx) => {
    const meeting = await tx.meeting.findUniqueOrThrow({ where: { id: meetingId } });
    assertNotAgreed(meeting);
    const earlier = await tx.minutesVersion.findUnique({
      where: { meetingId_number: { meetingId, number } },
    });
    if (!earlier) throw AppError.notFound(`There is no version ${number}.`);
    const restored = await addVersion(tx, meetingId, {
      source: "person",
      author: person,
      minutes: minutesSchema.parse(earlier.minutes),
      restoredFrom: number,
    });
    await tx.change.create({
      data: {
        meetingId,
        ...changeLog.entry({
          action: "minutes.restored",
          by: byPerson(person),
          details: { version: restored, from: number },
        }),
      },
    });
    return restored;
  });
  return findVersion(db, meetingId, added);
}
