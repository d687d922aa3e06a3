import {
  readRows,
  unstorableCharacter,
  type SourceFormat,
  type SourceRow,
  type TextEncoding,
} from "@bernard/toolkit/uploads";

/** Which column holds what: chosen by the person after seeing the preview. */
export interface ColumnMapping {
  /** The respondent ID column; without one, respondents are numbered by row. */
  respondentId?: string | undefined;
  questions: {
    questionId: string;
    /** The free-text answer. */
    column: string;
    /** The closed part (agree/disagree, an option), if the question has one. */
    closedColumn?: string | undefined;
  }[];
  demographics: string[];
}

export interface ImportedRespondent {
  respondentId: string;
  rowNumber: number;
  answers: { questionId: string; text: string; closed?: string | undefined }[];
  demographics: Record<string, string>;
}

export type ImportProblemKind =
  | "duplicate-respondent"
  | "missing-respondent-id"
  | "no-answers"
  | "unreadable-row"
  | "too-long"
  | "unstorable-text";

/** Something about one row that the person should see, with its row number. */
export type ImportProblem = {
  rowNumber: number;
  kind: ImportProblemKind;
  message: string;
};

/** Longest answer kept whole; longer ones are cut and reported. */
export const MAX_ANSWER_CHARACTERS = 20_000;

/**
 * The respondents in a file, one at a time, by the column mapping. Duplicate respondent IDs
 * (the later rows are left out), rows with no answer to any mapped question, missing IDs,
 * over-long answers and unreadable lines are reported with their row numbers, never dropped
 * silently. An empty answer to one question is kept as "no answer" for that question.
 */
export async function* importRespondents(
  rows: AsyncIterable<SourceRow>,
  mapping: ColumnMapping,
  report: (problem: ImportProblem) => void,
): AsyncGenerator<ImportedRespondent> {
  const firstRowOf = new Map<string, number>();
  for await (const row of rows) {
    if (row.error !== undefined) {
      report({ rowNumber: row.rowNumber, kind: "unreadable-row", message: row.error });
      continue;
    }
    const { rowNumber, values } = row;
    let respondentId = mapping.respondentId
      ? (values[mapping.respondentId] ?? "").trim()
      : `row-${rowNumber}`;
    if (!respondentId) {
      report({
        rowNumber,
        kind: "missing-respondent-id",
        message: `Row ${rowNumber} has no respondent ID; it was numbered row-${rowNumber}.`,
      });
      respondentId = `row-${rowNumber}`;
    }
    const earlier = firstRowOf.get(respondentId);
    if (earlier !== undefined) {
      report({
        rowNumber,
        kind: "duplicate-respondent",
        message: `Row ${rowNumber} repeats respondent ${respondentId} from row ${earlier}; only row ${earlier} was imported.`,
      });
      continue;
    }
    const unstorable = unstorableField(respondentId, values, mapping);
    if (unstorable) {
      report({
        rowNumber,
        kind: "unstorable-text",
        message: `Row ${rowNumber}: ${unstorable.field} contains ${unstorable.character}, which cannot be stored, so the row was not imported. Remove it from the file and import the file again: the rows already in are kept.`,
      });
      continue;
    }
    firstRowOf.set(respondentId, rowNumber);
    const answers = mapping.questions.map((question) => {
      let text = (values[question.column] ?? "").trim();
      if (text.length > MAX_ANSWER_CHARACTERS) {
        report({
          rowNumber,
          kind: "too-long",
          message: `Row ${rowNumber}: the answer in "${question.column}" is ${text.length.toLocaleString("en-GB")} characters; the first ${MAX_ANSWER_CHARACTERS.toLocaleString("en-GB")} were kept.`,
        });
        text = text.slice(0, MAX_ANSWER_CHARACTERS);
      }
      const closed = question.closedColumn
        ? (values[question.closedColumn] ?? "").trim()
        : undefined;
      return { questionId: question.questionId, text, closed: closed || undefined };
    });
    if (answers.every((answer) => !answer.text && !answer.closed)) {
      report({
        rowNumber,
        kind: "no-answers",
        message: `Row ${rowNumber} (respondent ${respondentId}) answers none of the questions.`,
      });
    }
    yield {
      respondentId,
      rowNumber,
      answers,
      demographics: Object.fromEntries(
        mapping.demographics.map((column) => [column, (values[column] ?? "").trim()]),
      ),
    };
  }
}

/**
 * The first mapped field of a row holding a character PostgreSQL text cannot store: the NUL
 * character, or half of a UTF-16 surrogate pair (JSON can spell both, as \u0000 and \ud800).
 */
function unstorableField(
  respondentId: string,
  values: Record<string, string>,
  mapping: ColumnMapping,
): { field: string; character: string } | undefined {
  const fields: [string, string][] = [
    ["the respondent ID", respondentId],
    ...mapping.questions.flatMap((question): [string, string][] => [
      [`the answer in "${question.column}"`, values[question.column] ?? ""],
      ...(question.closedColumn
        ? [[`"${question.closedColumn}"`, values[question.closedColumn] ?? ""] as [string, string]]
        : []),
    ]),
    ...mapping.demographics.map((column): [string, string] => [
      `"${column}"`,
      values[column] ?? "",
    ]),
  ];
  for (const [field, text] of fields) {
    const character = unstorableCharacter(text);
    if (character) return { field, character };
  }
  return undefined;
}

export interface FilePreview {
  columns: string[];
  rows: Record<string, string>[];
  encoding: TextEncoding | undefined;
}

/** How many rows a preview shows. */
const PREVIEW_ROWS = 10;

/**
 * The headings and first rows of a file, for the person to map its columns. With `wholeFile`,
 * the rest is read too (and thrown away), so a file that breaks further on is refused now.
 */
export async function previewFile(
  file: string,
  format: SourceFormat,
  { wholeFile }: { wholeFile: boolean },
): Promise<FilePreview> {
  let encoding: TextEncoding | undefined;
  const rows: Record<string, string>[] = [];
  const columns = new Set<string>();
  for await (const row of readRows(file, format, (found) => (encoding = found))) {
    if (rows.length >= PREVIEW_ROWS) {
      if (wholeFile) continue;
      break;
    }
    if (row.error !== undefined) continue;
    Object.keys(row.values).forEach((column) => columns.add(column));
    rows.push(row.values);
  }
  return { columns: [...columns], rows, encoding };
}
