import { csvFrom, workbookFrom as workbookOfSheets, type Sheet } from "@bernard/toolkit/exports";
import { findConsultation } from "./consultations.js";
import type { ToolDatabase } from "./database.js";

/** What an export holds, whether it comes from the database or straight from an analysis. */
export interface ExportData {
  title: string;
  questions: {
    number: number;
    text: string;
    /** How its themes were found: the engine ("offline" or "model") and when, if analysed. */
    analysis: { engine: string; at: Date } | null;
    /** Who signed its themes off, and when; null while they are not signed off. */
    signOff: { by: string; at: Date } | null;
    themes: {
      id: string;
      label: string;
      description: string;
      stance: string;
      count: number;
      /** What its responses say, when the engine wrote it up. */
      summary: string | null;
      /** Verbatim responses that show the theme. */
      quotes: string[];
    }[];
    responses: {
      respondent: string;
      text: string;
      closed: string | null;
      stance: string | null;
      evidenceRich: boolean | null;
      flagged: boolean;
      reviewed: boolean;
      themeIds: string[];
    }[];
  }[];
}

export async function gather(db: ToolDatabase, consultationId: string): Promise<ExportData> {
  const consultation = await findConsultation(db, consultationId);
  const questions = await db.question.findMany({
    where: { consultationId },
    orderBy: { number: "asc" },
    include: {
      themes: {
        include: {
          _count: { select: { responses: true } },
          responses: {
            where: { representative: true },
            include: { response: { select: { text: true } } },
          },
        },
      },
      responses: {
        include: {
          respondent: { select: { externalId: true } },
          themes: { select: { themeId: true } },
        },
        orderBy: { respondent: { rowNumber: "asc" } },
      },
    },
  });
  return {
    title: consultation.title,
    questions: questions.map((question) => ({
      number: question.number,
      text: question.text,
      analysis:
        question.analysedAt && question.analysedWith
          ? { engine: question.analysedWith, at: question.analysedAt }
          : null,
      signOff:
        question.signedOffAt && question.signedOffBy
          ? { by: question.signedOffBy, at: question.signedOffAt }
          : null,
      themes: question.themes
        .map((theme) => ({
          id: theme.id,
          label: theme.label,
          description: theme.description,
          stance: theme.stance,
          count: theme._count.responses,
          summary: theme.summary,
          quotes: theme.responses.map((link) => link.response.text),
        }))
        .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
      responses: question.responses.map((response) => ({
        respondent: response.respondent.externalId,
        text: response.text,
        closed: response.closed,
        stance: response.stance,
        evidenceRich: response.evidenceRich,
        flagged: response.flagged,
        reviewed: response.reviewed,
        themeIds: response.themes.map((link) => link.themeId),
      })),
    })),
  };
}

/**
 * A response's themes as one cell, in the question's theme order, separated by "; ". A label
 * that itself holds ";" or a double quote is put in double quotes (inner ones doubled, as CSV
 * does), so the list splits back into exactly its themes.
 */
export function themeList(themeIds: string[], themes: { id: string; label: string }[]): string {
  const has = new Set(themeIds);
  return themes
    .filter((theme) => has.has(theme.id))
    .map((theme) =>
      /[;"]/.test(theme.label) ? `"${theme.label.replaceAll('"', '""')}"` : theme.label,
    )
    .join("; ");
}

/**
 * The results as a workbook: a Themes sheet (every question's themes with counts and stance),
 * one sheet per question with each response and its themes, and one response × theme matrix
 * per question (1 where the response has the theme). No cell can start a formula.
 */
export async function exportWorkbook(db: ToolDatabase, consultationId: string): Promise<Buffer> {
  return workbookFrom(await gather(db, consultationId));
}

export async function workbookFrom(data: ExportData): Promise<Buffer> {
  const themes: Sheet = {
    name: "Themes",
    rows: [
      ["Question", "Theme", "Description", "Stance", "Responses", "Share of responses", "Summary"],
      ...data.questions.flatMap((question) =>
        question.themes.map((theme) => [
          question.number,
          theme.label,
          theme.description,
          theme.stance,
          theme.count,
          question.responses.length === 0
            ? 0
            : Math.round((1000 * theme.count) / question.responses.length) / 10,
          theme.summary ?? "",
        ]),
      ),
    ],
  };
  const perQuestion = data.questions.flatMap((question): Sheet[] => {
    const yesNo = (value: boolean | null) => (value ? "Yes" : "No");
    return [
      {
        name: `Q${question.number} responses`,
        rows: [
          [
            "Respondent",
            "Response",
            "Closed answer",
            "Themes",
            "Stance",
            "Evidence-rich",
            "Flagged",
            "Reviewed",
          ],
          ...question.responses.map((response) => [
            response.respondent,
            response.text,
            response.closed ?? "",
            themeList(response.themeIds, question.themes),
            response.stance ?? "",
            yesNo(response.evidenceRich),
            yesNo(response.flagged),
            yesNo(response.reviewed),
          ]),
        ],
      },
      {
        name: `Q${question.number} matrix`,
        rows: [
          ["Respondent", ...question.themes.map((theme) => theme.label)],
          ...question.responses.map((response) => {
            const has = new Set(response.themeIds);
            return [
              response.respondent,
              ...question.themes.map((theme) => (has.has(theme.id) ? 1 : 0)),
            ];
          }),
        ],
      },
    ];
  });
  return workbookOfSheets([themes, ...perQuestion]);
}

/** One row per response and question, with its themes; spreadsheet-safe. */
export async function exportCsv(db: ToolDatabase, consultationId: string): Promise<string> {
  const data = await gather(db, consultationId);
  return csvFrom([
    ["question", "respondent", "response", "closed answer", "themes", "stance", "evidence-rich"],
    ...data.questions.flatMap((question) =>
      question.responses.map((response) => [
        String(question.number),
        response.respondent,
        response.text,
        response.closed ?? "",
        themeList(response.themeIds, question.themes),
        response.stance ?? "",
        response.evidenceRich ? "yes" : "no",
      ]),
    ),
  ]);
}

export async function recordExport(
  db: ToolDatabase,
  consultationId: string,
  actor: { id: string; name: string },
  format: string,
) {
  await db.exportRecord.create({
    data: { consultationId, actorId: actor.id, actorName: actor.name, format },
  });
}

/** Who downloaded a consultation's results, newest first. */
export async function listExports(db: ToolDatabase, consultationId: string) {
  const records = await db.exportRecord.findMany({
    where: { consultationId },
    orderBy: { id: "desc" },
    take: 100,
  });
  return records.map((record) => ({
    at: record.at.toISOString(),
    actorName: record.actorName,
    format: record.format,
  }));
}
