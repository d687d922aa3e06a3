import { AppError } from "@bernard/toolkit";
import { assertMayShare, type Sharing } from "@bernard/toolkit/sharing";
import { visibleTo, type Viewer } from "./access.js";
import type { ToolDatabase } from "./database.js";

export interface ConsultationSummary {
  id: string;
  title: string;
  ownerId: string;
  ownerName: string;
  /** Who else may see it. */
  openToEveryone: boolean;
  sharedWith: string[];
  opensOn: string | null;
  closesOn: string | null;
  respondents: number;
  questions: {
    id: string;
    number: number;
    text: string;
    hasClosedPart: boolean;
    responses: number;
    reviewed: number;
    analysedAt: string | null;
    analysedWith: string | null;
    signedOffAt: string | null;
    signedOffBy: string | null;
  }[];
}

const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);

export async function createConsultation(
  db: ToolDatabase,
  input: {
    title: string;
    opensOn?: string | undefined;
    closesOn?: string | undefined;
    openToEveryone?: boolean | undefined;
    sharedWith?: string[] | undefined;
  },
  owner: { id: string; name: string },
): Promise<ConsultationSummary> {
  if (input.opensOn && input.closesOn && input.closesOn < input.opensOn) {
    const message = "The closing date must be the same as or after the opening date";
    throw AppError.badRequest(message, [{ field: "closesOn", message }]);
  }
  const created = await db.consultation.create({
    data: {
      title: input.title,
      ownerId: owner.id,
      ownerName: owner.name,
      opensOn: input.opensOn ? new Date(input.opensOn) : null,
      closesOn: input.closesOn ? new Date(input.closesOn) : null,
      openToEveryone: input.openToEveryone ?? false,
      sharedWith: input.sharedWith ?? [],
    },
  });
  return findConsultation(db, created.id);
}

/** Only its owner changes who else may see a consultation. */
export async function shareConsultation(
  db: ToolDatabase,
  id: string,
  sharing: Sharing,
  viewer: Viewer,
): Promise<ConsultationSummary> {
  const consultation = await db.consultation.findUniqueOrThrow({ where: { id } });
  assertMayShare(viewer, consultation, "consultation");
  await db.consultation.update({ where: { id }, data: sharing });
  return findConsultation(db, id);
}

/** The consultations this person may see, newest first. */
export async function listConsultations(
  db: ToolDatabase,
  viewer: Viewer,
): Promise<ConsultationSummary[]> {
  const all = await db.consultation.findMany({
    where: visibleTo(viewer),
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  return Promise.all(all.map((consultation) => findConsultation(db, consultation.id)));
}

export async function findConsultation(db: ToolDatabase, id: string): Promise<ConsultationSummary> {
  const consultation = await db.consultation.findUnique({
    where: { id },
    include: {
      questions: {
        orderBy: { number: "asc" },
        include: { _count: { select: { responses: true } } },
      },
      _count: { select: { respondents: true } },
    },
  });
  if (!consultation)
    throw AppError.notFound("There is no such consultation. It may have been deleted.");
  const reviewed = await db.response.groupBy({
    by: ["questionId"],
    where: { question: { consultationId: id }, reviewed: true },
    _count: { _all: true },
  });
  const reviewedIn = new Map(reviewed.map((group) => [group.questionId, group._count._all]));
  return {
    id: consultation.id,
    title: consultation.title,
    ownerId: consultation.ownerId,
    ownerName: consultation.ownerName,
    openToEveryone: consultation.openToEveryone,
    sharedWith: consultation.sharedWith,
    opensOn: day(consultation.opensOn),
    closesOn: day(consultation.closesOn),
    respondents: consultation._count.respondents,
    questions: consultation.questions.map((question) => ({
      id: question.id,
      number: question.number,
      text: question.text,
      hasClosedPart: question.hasClosedPart,
      responses: question._count.responses,
      reviewed: reviewedIn.get(question.id) ?? 0,
      analysedAt: question.analysedAt?.toISOString() ?? null,
      analysedWith: question.analysedWith,
      signedOffAt: question.signedOffAt?.toISOString() ?? null,
      signedOffBy: question.signedOffBy,
    })),
  };
}

export async function addQuestion(
  db: ToolDatabase,
  consultationId: string,
  input: { text: string; hasClosedPart: boolean },
): Promise<ConsultationSummary> {
  await findConsultation(db, consultationId);
  const last = await db.question.findFirst({
    where: { consultationId },
    orderBy: { number: "desc" },
  });
  await db.question.create({
    data: {
      consultationId,
      number: (last?.number ?? 0) + 1,
      text: input.text,
      hasClosedPart: input.hasClosedPart,
    },
  });
  return findConsultation(db, consultationId);
}
