import type { Change, Comment } from "@bernard/minutes-contract";
import { AppError } from "@bernard/toolkit";
import { byPerson, changeLog, type ChangeAction, type Person } from "./change-log.js";
import type { ToolDatabase } from "./database.js";

/** How the minutes move on: draft → circulated for comment → agreed by the chair; a new version reopens them. */
const STEPS = {
  circulate: { from: ["draft"], to: "circulated", action: "minutes.circulated" },
  agree: { from: ["draft", "circulated"], to: "agreed", action: "minutes.agreed" },
  reopen: { from: ["agreed", "circulated"], to: "draft", action: "minutes.reopened" },
} as const satisfies Record<string, { from: string[]; to: string; action: ChangeAction }>;
export type WorkflowStep = keyof typeof STEPS;

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export async function moveMinutes(
  db: ToolDatabase,
  meetingId: string,
  step: WorkflowStep,
  person: Person,
): Promise<void> {
  const rule = STEPS[step];
  await db.$transaction(async (tx) => {
    const meeting = await tx.meeting.findUniqueOrThrow({ where: { id: meetingId } });
    const latest = await tx.minutesVersion.findFirst({
      where: { meetingId },
      orderBy: { number: "desc" },
    });
    if (!latest) throw AppError.conflict("Draft the minutes first.");
    if (!(rule.from as readonly string[]).includes(meeting.status)) {
      throw AppError.conflict(
        `The minutes are ${meeting.status}, so they cannot be ${rule.to === "draft" ? "reopened" : rule.to} now.`,
      );
    }
    if (step === "agree" && !sameName(person.name, meeting.chair)) {
      throw AppError.forbidden(`Only the chair, ${meeting.chair}, can agree the minutes.`);
    }
    await tx.meeting.update({
      where: { id: meetingId },
      // Agreed minutes are kept from the day they were agreed (their own retention setting).
      data: { status: rule.to, agreedAt: rule.to === "agreed" ? new Date() : null },
    });
    await tx.change.create({
      data: {
        meetingId,
        ...changeLog.entry({
          action: rule.action,
          by: byPerson(person),
          details: { version: latest.number },
        }),
      },
    });
  });
}

/** Comments are for circulated minutes: anyone who may see the meeting comments on a point of the current version. */
export async function addComment(
  db: ToolDatabase,
  meetingId: string,
  input: { ref: string; text: string },
  person: Person,
): Promise<Comment> {
  return db.$transaction(async (tx) => {
    const meeting = await tx.meeting.findUniqueOrThrow({ where: { id: meetingId } });
    if (meeting.status !== "circulated") {
      throw AppError.conflict("Comments are open while the minutes are circulated for comment.");
    }
    const latest = await tx.minutesVersion.findFirstOrThrow({
      where: { meetingId },
      orderBy: { number: "desc" },
    });
    const comment = await tx.comment.create({
      data: {
        meetingId,
        version: latest.number,
        ref: input.ref,
        text: input.text,
        authorId: person.id,
        authorName: person.name,
      },
    });
    await tx.change.create({
      data: {
        meetingId,
        ...changeLog.entry({
          action: "comment.added",
          by: byPerson(person),
          details: { ref: input.ref, text: input.text },
        }),
      },
    });
    return commentView(comment);
  });
}

export async function listComments(db: ToolDatabase, meetingId: string): Promise<Comment[]> {
  const comments = await db.comment.findMany({
    where: { meetingId },
    orderBy: { createdAt: "asc" },
  });
  return comments.map(commentView);
}

function commentView(comment: {
  id: string;
  ref: string;
  version: number;
  authorName: string;
  text: string;
  createdAt: Date;
}): Comment {
  return { ...comment, createdAt: comment.createdAt.toISOString() };
}

export async function listChanges(db: ToolDatabase, meetingId: string): Promise<Change[]> {
  const changes = await db.change.findMany({
    where: { meetingId },
    orderBy: { at: "desc" },
    take: 500,
  });
  return changes.map(changeLog.view);
}
