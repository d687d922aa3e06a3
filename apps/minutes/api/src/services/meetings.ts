import type { Meeting, NewMeeting, Sharing, Turn, UpdateMeeting } from "@bernard/minutes-contract";
import { AppError } from "@bernard/toolkit";
import { assertMayShare, visibleWhere, type Viewer } from "@bernard/toolkit/sharing";
import { findApologies } from "../engine/cues.js";
import { findAttendees } from "../engine/speakers.js";
import type { Transcript } from "../transcripts/index.js";
import type { Prisma } from "../generated/prisma/client.js";
import { byPerson, changeLog, type Person } from "./change-log.js";
import type { ToolDatabase } from "./database.js";
import { deleteOn, retentionSettings } from "./retention.js";
import { assertUsableTemplate, templateNames } from "./templates.js";
import { versionSummary } from "./versions.js";

type MeetingRow = Prisma.MeetingGetPayload<{ include: { versions: true } }>;
const LATEST = { versions: { orderBy: { number: "desc" }, take: 1 } } as const;

export async function createMeeting(
  db: ToolDatabase,
  input: NewMeeting,
  owner: Person,
): Promise<Meeting> {
  const { openToEveryone = false, sharedWith = [], agenda = [], ...details } = input;
  await assertUsableTemplate(db, details.template, owner);
  const meeting = await db.meeting.create({
    data: {
      ...details,
      agenda,
      ownerId: owner.id,
      ownerName: owner.name,
      openToEveryone,
      sharedWith,
      changes: {
        create: changeLog.entry({
          action: "meeting.created",
          by: byPerson(owner),
          details: { title: details.title },
        }),
      },
    },
    include: LATEST,
  });
  return meetingView(db, meeting);
}

export async function listMeetings(db: ToolDatabase, viewer: Viewer): Promise<Meeting[]> {
  const meetings = await db.meeting.findMany({
    where: visibleWhere(viewer),
    orderBy: [{ date: "desc" }, { createdAt: "desc" }],
    include: LATEST,
    take: 500,
  });
  const retention = await retentionSettings(db);
  const names = await templateNames(
    db,
    meetings.map((meeting) => meeting.template),
  );
  return meetings.map((meeting) => toView(meeting, retention, names));
}

export async function findMeeting(db: ToolDatabase, id: string): Promise<Meeting> {
  return meetingView(db, await meetingRow(db, id));
}

async function meetingRow(db: ToolDatabase, id: string): Promise<MeetingRow> {
  const meeting = await db.meeting.findUnique({ where: { id }, include: LATEST });
  if (!meeting) throw AppError.notFound("There is no such meeting. It may have been deleted.");
  return meeting;
}

/** Agreed minutes are frozen: nothing about the meeting changes until someone starts a new version. */
export function assertNotAgreed(meeting: { status: string }): void {
  if (meeting.status === "agreed") {
    throw AppError.conflict(
      "The chair has agreed these minutes, so they cannot be changed. Start a new version to change them.",
    );
  }
}

/** Checked before a recording waits for transcription: the same rule as saving its transcript. */
export async function assertMayReplaceTranscript(db: ToolDatabase, id: string): Promise<void> {
  assertNotAgreed(await meetingRow(db, id));
}

export async function updateMeeting(
  db: ToolDatabase,
  id: string,
  input: UpdateMeeting,
  person: Person,
): Promise<Meeting> {
  const before = await meetingRow(db, id);
  assertNotAgreed(before);
  const changed = Object.fromEntries(
    Object.entries(input).filter(
      ([field, value]) =>
        value !== undefined &&
        JSON.stringify(value) !== JSON.stringify(before[field as keyof MeetingRow]),
    ),
  );
  if (Object.keys(changed).length === 0) return meetingView(db, before);
  if (changed.template) await assertUsableTemplate(db, String(changed.template), person);
  const meeting = await db.meeting.update({
    where: { id },
    data: {
      ...changed,
      changes: {
        create: changeLog.entry({
          action: "meeting.updated",
          by: byPerson(person),
          before: Object.fromEntries(
            Object.keys(changed).map((field) => [field, before[field as keyof MeetingRow]]),
          ),
          after: changed,
        }),
      },
    },
    include: LATEST,
  });
  return meetingView(db, meeting);
}

export async function shareMeeting(
  db: ToolDatabase,
  id: string,
  sharing: Sharing,
  viewer: Viewer & Person,
): Promise<Meeting> {
  assertMayShare(viewer, await meetingRow(db, id), "meeting");
  const meeting = await db.meeting.update({
    where: { id },
    data: {
      ...sharing,
      changes: {
        create: changeLog.entry({ action: "meeting.shared", by: byPerson(viewer), after: sharing }),
      },
    },
    include: LATEST,
  });
  return meetingView(db, meeting);
}

/**
 * Keeps a transcript's turns (read from a file, or a recording's transcription) under its
 * file's name. The attendees and apologies found in it fill the meeting's lists only while they are
 * empty: names a person already checked are never replaced.
 */
export async function saveTranscript(
  db: ToolDatabase,
  id: string,
  transcript: Transcript,
  fileName: string,
  person: Person,
): Promise<Meeting> {
  const meeting = await meetingRow(db, id);
  assertNotAgreed(meeting);
  const { names, turns } = findAttendees(transcript.turns);
  const apologies = findApologies(turns).names;
  const fill = meeting.attendees.length === 0 && meeting.apologies.length === 0;
  const updated = await db.meeting.update({
    where: { id },
    data: {
      transcriptName: fileName,
      transcriptFormat: transcript.format,
      turns: turns as unknown as Prisma.InputJsonValue,
      transcriptUploadedAt: new Date(),
      transcriptPurgedAt: null,
      ...(fill && { attendees: names.filter((name) => !apologies.includes(name)), apologies }),
      changes: {
        create: changeLog.entry({
          action: "transcript.uploaded",
          by: byPerson(person),
          details: { file: fileName, format: transcript.format, turns: turns.length },
        }),
      },
    },
    include: LATEST,
  });
  return meetingView(db, updated);
}

/** The transcript's turns; a meeting whose transcript was deleted under retention says so. */
export async function transcriptTurns(db: ToolDatabase, id: string): Promise<Turn[]> {
  const meeting = await meetingRow(db, id);
  if (meeting.transcriptPurgedAt) {
    throw new AppError(
      410,
      "TRANSCRIPT_DELETED",
      `The transcript was deleted on ${meeting.transcriptPurgedAt.toISOString().slice(0, 10)} under the retention setting. The minutes keep their turn numbers.`,
    );
  }
  return (meeting.turns as unknown as Turn[] | null) ?? [];
}

/** Renames speakers in one place: every turn, the attendees, apologies and chair follow. */
export async function renameSpeakers(
  db: ToolDatabase,
  id: string,
  renames: { from: string; to: string }[],
  person: Person,
): Promise<Meeting> {
  const meeting = await meetingRow(db, id);
  assertNotAgreed(meeting);
  const turns = await transcriptTurns(db, id);
  const known = new Set(turns.map((turn) => turn.speaker));
  const unknown = renames.find((rename) => !known.has(rename.from));
  if (unknown) {
    throw AppError.badRequest(`Nobody called "${unknown.from}" speaks in the transcript.`, [
      { field: "renames", message: `Nobody called "${unknown.from}" speaks in the transcript` },
    ]);
  }
  const names = new Map(renames.map((rename) => [rename.from, rename.to]));
  const rename = (name: string) => names.get(name) ?? name;
  const unique = (list: string[]) => [...new Set(list.map(rename))];
  const updated = await db.meeting.update({
    where: { id },
    data: {
      turns: turns.map((turn) => ({ ...turn, speaker: rename(turn.speaker) })),
      attendees: unique(meeting.attendees),
      apologies: unique(meeting.apologies),
      chair: rename(meeting.chair),
      changes: {
        create: changeLog.entry({
          action: "speakers.renamed",
          by: byPerson(person),
          details: { renames },
        }),
      },
    },
    include: LATEST,
  });
  return meetingView(db, updated);
}

async function meetingView(db: ToolDatabase, meeting: MeetingRow): Promise<Meeting> {
  return toView(meeting, await retentionSettings(db), await templateNames(db, [meeting.template]));
}

function toView(
  meeting: MeetingRow,
  retention: Meeting["retention"],
  templateNames: Map<string, string>,
): Meeting {
  const turns = meeting.turns as unknown as Turn[] | null;
  const latest = meeting.versions[0];
  return {
    id: meeting.id,
    title: meeting.title,
    date: meeting.date,
    chair: meeting.chair,
    template: meeting.template,
    // A template deleted since falls back to formal minutes (templateOf).
    templateName: templateNames.get(meeting.template) ?? templateNames.get("formal")!,
    agenda: meeting.agenda,
    attendees: meeting.attendees,
    apologies: meeting.apologies,
    ownerId: meeting.ownerId,
    ownerName: meeting.ownerName,
    openToEveryone: meeting.openToEveryone,
    sharedWith: meeting.sharedWith,
    status: meeting.status as Meeting["status"],
    transcript:
      turns && meeting.transcriptUploadedAt
        ? {
            fileName: meeting.transcriptName ?? "transcript",
            format: meeting.transcriptFormat ?? "text",
            turns: turns.length,
            speakers: [...new Set(turns.map((turn) => turn.speaker))],
            uploadedAt: meeting.transcriptUploadedAt.toISOString(),
            deleteOn:
              deleteOn(meeting.transcriptUploadedAt, retention.transcripts)?.toISOString() ?? null,
          }
        : null,
    transcriptPurgedAt: meeting.transcriptPurgedAt?.toISOString() ?? null,
    retention,
    agreed:
      meeting.status === "agreed" && meeting.agreedAt
        ? {
            at: meeting.agreedAt.toISOString(),
            deleteOn: deleteOn(meeting.agreedAt, retention.agreedMinutes)?.toISOString() ?? null,
          }
        : null,
    latestVersion: latest ? versionSummary(latest) : null,
    createdAt: meeting.createdAt.toISOString(),
  };
}
