import type { JobAccessRule } from "@bernard/toolkit";
import { isUuid, viewerOf, visibleWhere, type Viewer } from "@bernard/toolkit/sharing";
import type { Prisma } from "../generated/prisma/client.js";
import type { ToolDatabase } from "./database.js";

export type { Viewer };

/** What a route's `:id` names, by the first part of its path; also what a job works on. */
export type Target = "consultation" | "question" | "theme" | "response" | "upload";
const TARGETS: readonly string[] = ["consultation", "question", "theme", "response", "upload"];

/** The consultations a person may see: their own, those open to everyone, those shared with a group of theirs. */
export function visibleTo(viewer: Viewer): Prisma.ConsultationWhereInput {
  return visibleWhere(viewer);
}

/** Whether the thing exists and is in a consultation the person may see (`id` is a UUID). */
export async function canSee(
  db: ToolDatabase,
  viewer: Viewer,
  target: Target,
  id: string,
): Promise<boolean> {
  const consultationId = await consultationOf(db, target, id);
  return (
    consultationId !== undefined &&
    (await db.consultation.count({ where: { id: consultationId, ...visibleTo(viewer) } })) > 0
  );
}

/**
 * Who may follow and cancel a job: whoever may see the consultation its subject (a question,
 * an upload) belongs to, not only the person who started it.
 */
export function canFollowJob(db: ToolDatabase): JobAccessRule {
  return async (user, { subject }) =>
    !!subject &&
    TARGETS.includes(subject.kind) &&
    isUuid(subject.id) &&
    canSee(db, viewerOf(user), subject.kind as Target, subject.id);
}

async function consultationOf(
  db: ToolDatabase,
  target: Target,
  id: string,
): Promise<string | undefined> {
  switch (target) {
    case "consultation":
      return id;
    case "question":
      return (await db.question.findUnique({ where: { id }, select: { consultationId: true } }))
        ?.consultationId;
    case "upload":
      return (await db.upload.findUnique({ where: { id }, select: { consultationId: true } }))
        ?.consultationId;
    case "theme":
      return (
        await db.theme.findUnique({
          where: { id },
          select: { question: { select: { consultationId: true } } },
        })
      )?.question.consultationId;
    case "response":
      return (
        await db.response.findUnique({
          where: { id },
          select: { question: { select: { consultationId: true } } },
        })
      )?.question.consultationId;
  }
}
