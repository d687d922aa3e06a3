import { createReadStream } from "node:fs";
import { PassThrough } from "node:stream";
import { CsvError, parse } from "csv-parse";
import ExcelJS from "exceljs";
import { decodeText, EncodingError, type TextEncoding } from "./encoding.js";
import { problemWithWorkbook } from "./file-checks.js";
import { storableText } from "./storable-text.js";

export type SourceFormat = "csv" | "xlsx" | "jsonl";

/**
 * One row of an uploaded file, by column heading, with its row number as a person would count
 * it (1-based, counting the heading row, as a spreadsheet shows it; for JSONL, the line); or,
 * for a row that could not be read at all, why, so that the person can be told where.
 */
export type SourceRow =
  | { rowNumber: number; values: Record<string, string>; error?: undefined }
  | { rowNumber: number; error: string; values?: undefined };

/**
 * Thrown when a file cannot be read on from some row: the message names the row and what to do,
 * for the person (a 400 on upload, the reason a failed import gives).
 */
export class UnreadableFileError extends Error {
  override name = "UnreadableFileError";
}

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
  const text = decodeText(createReadStream(file), onEncoding);
  yield* withoutExportMetadata(format === "jsonl" ? readJsonLines(text) : readCsv(text));
}

const NOT_UTF8 = (where: string) =>
  `${where} has characters that are not valid UTF-8, though the rows before it are. Check ${where.toLowerCase()} for odd characters, save the file again as "CSV UTF-8" (or JSON Lines in UTF-8) and upload it again.`;

/**
 * CSV records, numbered as a spreadsheet shows them (row 1 is the headings; an answer spread over
 * several lines is still one row). The parser is fed by hand, one decoded chunk at a time, so
 * every error (bad bytes, a quote that never closes) surfaces here, after the rows before it.
 */
async function* readCsv(text: AsyncIterable<string>): AsyncGenerator<SourceRow> {
  const parser = parse({
    columns: (header: string[]) => uniqueHeadings(header),
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true,
    bom: true,
  });
  // The parser's errors are read from `parser.errored` below; without a listener they would
  // also be thrown as an "unhandled error" event and end the process.
  parser.on("error", () => undefined);
  let rowNumber = 1;
  let endsLine = true;
  const parsed = function* (): Generator<SourceRow> {
    let values: Record<string, string> | null;
    while ((values = parser.read() as Record<string, string> | null) !== null) {
      rowNumber += 1;
      yield { rowNumber, values };
    }
    if (parser.errored) throw parser.errored;
  };
  /**
   * After bad bytes: the row they are in. Every whole line before them has been parsed, but the
   * parser holds back the last record until it sees what follows, so it is flushed and counted.
   */
  const rowWithBadBytes = async () => {
    parser.end();
    let complete = rowNumber;
    try {
      for await (const _values of parser) complete += 1;
    } catch {
      return complete + 1; // a quoted answer still open: the bad bytes are inside it
    }
    // Text cut mid-line flushes as one more record: that is the row with the bad bytes.
    return endsLine ? complete + 1 : complete;
  };
  try {
    for await (const chunk of text) {
      parser.write(chunk);
      if (chunk) endsLine = chunk.endsWith("\n");
      yield* parsed();
    }
    parser.end();
    for await (const values of parser as AsyncIterable<Record<string, string>>) {
      rowNumber += 1;
      yield { rowNumber, values };
    }
  } catch (error) {
    if (error instanceof EncodingError) {
      throw new UnreadableFileError(
        NOT_UTF8(`Row ${(await rowWithBadBytes()).toLocaleString("en-GB")}`),
      );
    }
    if (error instanceof CsvError) {
      const where = `Row ${(rowNumber + 1).toLocaleString("en-GB")}`;
      throw new UnreadableFileError(
        `${where} could not be read as CSV: a quotation mark is out of place, or a quoted answer never ends. Open the file in a spreadsheet program, check ${where.toLowerCase()}, save it as CSV and upload it again.`,
      );
    }
    throw error;
  } finally {
    parser.destroy();
  }
}

async function* readJsonLines(text: AsyncIterable<string>): AsyncGenerator<SourceRow> {
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
          storableText(key),
          item === null || item === undefined
            ? ""
            : typeof item === "object"
              ? JSON.stringify(item)
              : String(item),
        ]),
      ),
    };
  };
  try {
    for await (const chunk of text) {
      buffer += chunk;
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        const row = toRow(line.replace(/\r$/, ""));
        if (row) yield row;
      }
    }
  } catch (error) {
    if (error instanceof EncodingError)
      throw new UnreadableFileError(NOT_UTF8(`Line ${(lineNumber + 1).toLocaleString("en-GB")}`));
    throw error;
  }
  const last = toRow(buffer);
  if (last) yield last;
}

async function* readXlsx(file: string): AsyncGenerator<SourceRow> {
  // Unpacked and counted first, every time: exceljs would inflate whatever the zip holds.
  const problem = await problemWithWorkbook(file);
  if (problem) throw new UnreadableFileError(problem);
  // exceljs pipes its input into its unzipper with no error listener, so a failed read would be
  // an unhandled error. It reads a pass-through instead, which just ends if the read fails.
  const source = createReadStream(file);
  const input = new PassThrough();
  let readError: Error | undefined;
  source.on("error", (error) => {
    readError = error;
    input.end();
  });
  source.pipe(input);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: "cache",
    hyperlinks: "ignore",
    // Styles say which numbers are dates.
    styles: "cache",
    worksheets: "emit",
  });
  let rowNumber = 1;
  try {
    for await (const worksheet of workbook) {
      let headings: string[] | undefined;
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        rowNumber = row.number;
        const cells = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
        if (!headings) {
          headings = uniqueHeadings(cells);
          continue;
        }
        if (cells.every((cell) => cell === "")) continue;
        yield {
          rowNumber: row.number,
          values: Object.fromEntries(
            headings.map((heading, index) => [heading, cells[index] ?? ""]),
          ),
        };
      }
      return; // the first sheet only
    }
  } catch {
    if (readError) throw readError;
    throw new UnreadableFileError(
      `The workbook could not be read after row ${rowNumber.toLocaleString("en-GB")}: it may be damaged. Open it in Excel, save it again (or export the responses as CSV) and upload that.`,
    );
  } finally {
    source.destroy();
    input.destroy();
  }
  throw (
    readError ??
    new UnreadableFileError(
      "It has no worksheets, so it is not an Excel workbook. Open it in Excel and save it as a workbook (.xlsx), or export the responses as CSV, and upload that.",
    )
  );
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
    const heading = storableText(raw.trim()) || `Column ${index + 1}`;
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
