import { escapeLike } from "@bernard/database";
import { sampleF1, type Estimate } from "@bernard/nlp";
import { AppError } from "@bernard/toolkit";
import type { Prisma } from "../generated/prisma/client.js";
import type { ToolDatabase } from "./database.js";

/** Which of a question's responses to show; every filter narrows the list. */
export interface ResponseFilters {
  themeIds: string[];
  /** "all": responses with every chosen theme; "any": with at least one. */
  match: "all" | "any";
  stance?: "support" | "oppose" | "neutral" | undefined;
  evidenceRich?: boolean | undefined;
  reviewed?: boolean | undefined;
  flagged?: boolean | undefined;
  unprocessed?: boolean | undefined;
  search?: string | undefined;
  /** Demographic field and the value it must have. */
  demographics: Record<string, string>;
  page: number;
}

export const PAGE_SIZE = 50;

export interface ResponseRow {
  id: string;
  respondent: string;
  text: string;
  closed: string | null;
  stance: string | null;
  evidenceRich: boolean | null;
  flagged: boolean;
  reviewed: boolean;
  unprocessed: string | null;
  themes: { id: string; label: string }[];
}

/** One page of a question's responses that pass the filters, with the total that pass. */
export async function listResponses(
  db: ToolDatabase,
  questionId: string,
  filters: ResponseFilters,
): Promise<{ total: number; page: number; pageSize: number; responses: ResponseRow[] }> {
  const where = whereFor(questionId, filters);
  const [total, rows] = await Promise.all([
    db.response.count({ where }),
    db.response.findMany({
      where,
      include: {
        respondent: { select: { externalId: true } },
        themes: { include: { theme: { select: { id: true, label: true } } } },
      },
      orderBy: [{ respondent: { rowNumber: "asc" } }, { id: "asc" }],
      skip: (filters.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
  ]);
  return {
    total,
    page: filters.page,
    pageSize: PAGE_SIZE,
    responses: rows.map((row) => ({
      id: row.id,
      respondent: row.respondent.externalId,
      text: row.text,
      closed: row.closed,
      stance: row.stance,
      evidenceRich: row.evidenceRich,
      flagged: row.flagged,
      reviewed: row.reviewed,
      unprocessed: row.unprocessed,
      themes: row.themes.map((link) => link.theme),
    })),
  };
}

function whereFor(questionId: string, filters: ResponseFilters): Prisma.ResponseWhereInput {
  const and: Prisma.ResponseWhereInput[] = [{ questionId }];
  if (filters.themeIds.length > 0) {
    if (filters.match === "all")
      and.push(...filters.themeIds.map((themeId) => ({ themes: { some: { themeId } } })));
    else and.push({ themes: { some: { themeId: { in: filters.themeIds } } } });
  }
  if (filters.stance) and.push({ stance: filters.stance });
  if (filters.evidenceRich !== undefined) and.push({ evidenceRich: filters.evidenceRich });
  if (filters.reviewed !== undefined) and.push({ reviewed: filters.reviewed });
  if (filters.flagged !== undefined) and.push({ flagged: filters.flagged });
  if (filters.unprocessed !== undefined)
    and.push({ unprocessed: filters.unprocessed ? { not: null } : null });
  if (filters.search)
    and.push({ text: { contains: escapeLike(filters.search), mode: "insensitive" } });
  for (const [field, value] of Object.entries(filters.demographics))
    and.push({ respondent: { demographics: { path: [field], equals: value } } });
  return { AND: and };
}

/** The demographic fields of a question's respondents, each with its values (most common first). */
export async function demographicOptions(
  db: ToolDatabase,
  questionId: string,
): Promise<{ field: string; values: string[] }[]> {
  const rows = await db.$queryRaw<{ field: string; values: string[] }[]>`
    SELECT field, (array_agg(value ORDER BY people DESC, value))[1:50] AS values
    FROM (
      SELECT d.key AS field, d.value, count(*) AS people
      FROM response r
      JOIN respondent p ON p.id = r.respondent_id
      CROSS JOIN LATERAL jsonb_each_text(p.demographics) AS d(key, value)
      WHERE r.question_id = ${questionId}::uuid AND d.value <> ''
      GROUP BY d.key, d.value
    ) counted
    GROUP BY field
    ORDER BY field`;
  return rows;
}

/** Everything a reviewer needs about one response: who, what, its themes and why, its marks. */
export async function responseDetails(db: ToolDatabase, responseId: string) {
  const response = await db.response.findUnique({
    where: { id: responseId },
    include: {
      respondent: { select: { externalId: true, rowNumber: true, demographics: true } },
      themes: { include: { theme: { select: { id: true, label: true } } } },
      question: {
        select: { id: true, number: true, text: true, signedOffAt: true, analysedWith: true },
      },
    },
  });
  if (!response) throw AppError.notFound("There is no such response.");
  const [themes, next] = await Promise.all([
    db.theme.findMany({
      where: { questionId: response.questionId },
      select: { id: true, label: true, stance: true },
      orderBy: { label: "asc" },
    }),
    // The next response in file order that no one has reviewed, so reviewers can go straight on.
    db.response.findFirst({
      where: {
        questionId: response.questionId,
        reviewed: false,
        id: { not: response.id },
        respondent: { rowNumber: { gt: response.respondent.rowNumber } },
      },
      orderBy: { respondent: { rowNumber: "asc" } },
      select: { id: true },
    }),
  ]);
  return {
    nextToReview: next?.id ?? null,
    id: response.id,
    question: {
      id: response.question.id,
      number: response.question.number,
      text: response.question.text,
      signedOff: response.question.signedOffAt !== null,
      analysedWith: response.question.analysedWith,
    },
    respondent: response.respondent.externalId,
    rowNumber: response.respondent.rowNumber,
    demographics: response.respondent.demographics as Record<string, string>,
    text: response.text,
    closed: response.closed,
    stance: response.stance,
    evidenceRich: response.evidenceRich,
    evidenceReason: response.evidenceWhy,
    flagged: response.flagged,
    reviewed: response.reviewed,
    unprocessed: response.unprocessed,
    themes: response.themes.map((link) => ({
      id: link.theme.id,
      label: link.theme.label,
      source: link.source,
      rationale: link.rationale,
    })),
    choices: themes,
  };
}

/**
 * Fewer reviewed responses than this give a bootstrap interval that means nothing (with one,
 * it is the one value): the agreement is then given without one, and the reviewers told so.
 */
export const REVIEWS_FOR_INTERVAL = 10;

/**
 * How far reviewers agree with the engine: for each reviewed response, the engine's original
 * themes (followed through merges and deletions) against the themes it has now, as
 * sample-averaged multi-label F1 with a bootstrap 95% interval once enough are reviewed.
 */
export async function evaluateAgainstReviewers(
  db: ToolDatabase,
  questionId: string,
): Promise<{
  reviewed: number;
  changed: number;
  f1: { value: number; low: number | null; high: number | null } | null;
  reviewsForInterval: number;
}> {
  const reviewed = await db.response.findMany({
    where: { questionId, reviewed: true, NOT: { aiThemeIds: { isEmpty: true } } },
    select: { aiThemeIds: true, themes: { select: { themeId: true } } },
  });
  const pairs = reviewed.map((response) => ({
    predicted: new Set(response.aiThemeIds),
    reference: new Set(response.themes.map((link) => link.themeId)),
  }));
  const changed = pairs.filter(
    (pair) =>
      pair.predicted.size !== pair.reference.size ||
      [...pair.predicted].some((id) => !pair.reference.has(id)),
  ).length;
  const f1: Estimate | null = pairs.length > 0 ? sampleF1(pairs) : null;
  return {
    reviewed: pairs.length,
    changed,
    f1: f1 && pairs.length < REVIEWS_FOR_INTERVAL ? { value: f1.value, low: null, high: null } : f1,
    reviewsForInterval: REVIEWS_FOR_INTERVAL,
  };
}
