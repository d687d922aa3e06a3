import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import ExcelJS from "exceljs";
import { decodeText, type TextEncoding } from "./encoding.js";

export type SourceFormat = "csv" | "xlsx" | "jsonl";

/**
 * One row of an uploaded file, by column heading, with its row number as a person would count
 * it (1-based, counting the heading row, as a spreadsheet shows it; for JSONL, the line); or,
 * for a row that could not be read at all, why, so that the person can be told where.
 */
export type SourceRow =
  | { rowNumber: number; values: Record<string, string>; error?: undefined }
  | { rowNumber: number; error: string; values?: undefined };

export function formatFromName(fileName: string): SourceFormat | undefined {
  const extension = fileName.toLowerCase().split(".").pop();
  if (extension === "csv" || extension === "txt") return "csv";
  if (extension === "xlsx") return "xlsx";
  if (extension === "jsonl" || extension === "ndjson") return "jsonl";
  return undefined;
}

/**
 * The rows of a CSV, XLSX or JSONL file, one at a time, so a file of 100,000 rows is never all
 * in memory. CSV and JSONL are decoded in the encoding they were saved in (see encoding.ts).
 */
export async function* readRows(
  file: string,
  format: SourceFormat,
  onEncoding?: (encoding: TextEncoding) => void,
): AsyncGenerator<SourceRow> {
  if (format === "xlsx") {
    yield* withoutExportMetadata(readXlsx(file));
    return;
  }
  const text = Readable.from(decodeText(createReadStream(file), onEncoding));
  if (format === "jsonl") {
    yield* readJsonLines(text);
    return;
  }
  const parser = text.pipe(
    parse({
      columns: (header: string[]) => uniqueHeadings(header),
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      bom: true,
    }),
  );
  yield* withoutExportMetadata(numbered(parser as AsyncIterable<Record<string, string>>));
}

/** Row 1 is the headings; an answer spread over several lines is still one row. */
async function* numbered(
  records: AsyncIterable<Record<string, string>>,
): AsyncGenerator<SourceRow> {
  let rowNumber = 1;
  for await (const values of records) {
    rowNumber += 1;
    yield { rowNumber, values };
  }
}

async function* readJsonLines(text: Readable): AsyncGenerator<SourceRow> {
  let buffer = "";
  let lineNumber = 0;
  const toRow = (line: string): SourceRow | undefined => {
    lineNumber += 1;
    if (!line.trim()) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return { rowNumber: lineNumber, error: `Line ${lineNumber} is not valid JSON.` };
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      return {
        rowNumber: lineNumber,
        error: `Line ${lineNumber} should be a JSON object, like {"id": "1", "answer": "…"}.`,
      };
    }
    return {
      rowNumber: lineNumber,
      values: Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          key,
          item === null || item === undefined
            ? ""
            : typeof item === "object"
              ? JSON.stringify(item)
              : String(item),
        ]),
      ),
    };
  };
  for await (const chunk of text as AsyncIterable<string>) {
    buffer += chunk;
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines) {
      const row = toRow(line.replace(/\r$/, ""));
      if (row) yield row;
    }
  }
  const last = toRow(buffer);
  if (last) yield last;
}

async function* readXlsx(file: string): AsyncGenerator<SourceRow> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: "cache",
    hyperlinks: "ignore",
    // Styles say which numbers are dates.
    styles: "cache",
    worksheets: "emit",
  });
  for await (const worksheet of workbook) {
    let headings: string[] | undefined;
    for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
      const cells = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
      if (!headings) {
        headings = uniqueHeadings(cells);
        continue;
      }
      if (cells.every((cell) => cell === "")) continue;
      yield {
        rowNumber: row.number,
        values: Object.fromEntries(headings.map((heading, index) => [heading, cells[index] ?? ""])),
      };
    }
    return; // the first sheet only
  }
  throw new Error("The workbook has no worksheets.");
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value)
      return value.richText
        .map((part) => part.text)
        .join("")
        .trim();
    if ("text" in value) return String(value.text).trim();
    // A formula: its last calculated value.
    if ("result" in value) return cellText(value.result);
    return "";
  }
  return String(value).trim();
}

/** Headings as keys: blanks named by position, repeats numbered, so no column is lost. */
function uniqueHeadings(header: string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((raw, index) => {
    const heading = raw.trim() || `Column ${index + 1}`;
    const count = (seen.get(heading) ?? 0) + 1;
    seen.set(heading, count);
    return count === 1 ? heading : `${heading} (${count})`;
  });
}

/**
 * Survey tools put extra heading rows before the answers: Qualtrics adds a row of question
 * texts and a row of `{"ImportId": …}` metadata. Those two rows are left out.
 */
async function* withoutExportMetadata(rows: AsyncIterable<SourceRow>): AsyncGenerator<SourceRow> {
  const first: SourceRow[] = [];
  for await (const row of rows) {
    if (first.length < 2) {
      first.push(row);
      if (first.length < 2) continue;
      const metadata = Object.values(first[1]!.values ?? {}).some((value) =>
        value.startsWith('{"ImportId"'),
      );
      if (!metadata) yield* first;
      continue;
    }
    yield row;
  }
  if (first.length === 1) yield first[0]!;
}
