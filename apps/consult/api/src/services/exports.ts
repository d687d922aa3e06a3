import ExcelJS from "exceljs";
import { findConsultation } from "./consultations.js";
import type { ToolDatabase } from "./database.js";

/** Text a spreadsheet would run as a formula is kept as text. */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** What an export holds, whether it comes from the database or straight from an analysis. */
export interface ExportData {
  title: string;
  questions: {
    number: number;
    text: string;
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
 * The results as a workbook: a Themes sheet (every question's themes with counts and stance),
 * one sheet per question with each response and its themes, and one response × theme matrix
 * per question (1 where the response has the theme). No cell can start a formula.
 */
export async function exportWorkbook(db: ToolDatabase, consultationId: string): Promise<Buffer> {
  return workbookFrom(await gather(db, consultationId));
}

export async function workbookFrom(data: ExportData): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Bernard";
  const bold = (sheet: ExcelJS.Worksheet) => {
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: "frozen", ySplit: 1 }];
  };

  const themes = workbook.addWorksheet("Themes");
  themes.addRow([
    "Question",
    "Theme",
    "Description",
    "Stance",
    "Responses",
    "Share of responses",
    "Summary",
  ]);
  for (const question of data.questions) {
    for (const theme of question.themes) {
      themes.addRow([
        question.number,
        safeCell(theme.label),
        safeCell(theme.description),
        theme.stance,
        theme.count,
        question.responses.length === 0
          ? 0
          : Math.round((1000 * theme.count) / question.responses.length) / 10,
        safeCell(theme.summary ?? ""),
      ]);
    }
  }
  bold(themes);

  for (const question of data.questions) {
    const labels = new Map(question.themes.map((theme) => [theme.id, theme.label]));
    const sheet = workbook.addWorksheet(`Q${question.number} responses`);
    sheet.addRow([
      "Respondent",
      "Response",
      "Closed answer",
      "Themes",
      "Stance",
      "Evidence-rich",
      "Flagged",
      "Reviewed",
    ]);
    for (const response of question.responses) {
      sheet.addRow([
        safeCell(response.respondent),
        safeCell(response.text),
        safeCell(response.closed ?? ""),
        safeCell(response.themeIds.map((id) => labels.get(id) ?? "").join("; ")),
        response.stance ?? "",
        response.evidenceRich ? "Yes" : "No",
        response.flagged ? "Yes" : "No",
        response.reviewed ? "Yes" : "No",
      ]);
    }
    bold(sheet);

    const matrix = workbook.addWorksheet(`Q${question.number} matrix`);
    matrix.addRow(["Respondent", ...question.themes.map((theme) => safeCell(theme.label))]);
    for (const response of question.responses) {
      const has = new Set(response.themeIds);
      matrix.addRow([
        safeCell(response.respondent),
        ...question.themes.map((theme) => (has.has(theme.id) ? 1 : 0)),
      ]);
    }
    bold(matrix);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** One row per response and question, with its themes; spreadsheet-safe. */
export async function exportCsv(db: ToolDatabase, consultationId: string): Promise<string> {
  const data = await gather(db, consultationId);
  const cell = (value: string) => `"${safeCell(value).replaceAll('"', '""')}"`;
  const lines = [
    [
      "question",
      "respondent",
      "response",
      "closed answer",
      "themes",
      "stance",
      "evidence-rich",
    ].join(","),
  ];
  for (const question of data.questions) {
    const labels = new Map(question.themes.map((theme) => [theme.id, theme.label]));
    for (const response of question.responses) {
      lines.push(
        [
          String(question.number),
          response.respondent,
          response.text,
          response.closed ?? "",
          response.themeIds.map((id) => labels.get(id) ?? "").join("; "),
          response.stance ?? "",
          response.evidenceRich ? "yes" : "no",
        ]
          .map(cell)
          .join(","),
      );
    }
  }
  return `${lines.join("\r\n")}\r\n`;
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
