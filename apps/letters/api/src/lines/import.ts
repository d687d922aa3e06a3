import { formatFromName, readRows, UnreadableFileError } from "@bernard/toolkit/uploads";
import mammoth from "mammoth";
import { parseIsoDate } from "../intake/deadline.js";
import type { Line } from "./lines.js";

/** One thing wrong with an imported file, at the row (or Word heading) where it is. */
export interface LineProblem {
  row: number;
  message: string;
}

export interface ImportedLines {
  lines: Line[];
  problems: LineProblem[];
}

const FIELDS = "line_id, title, topic, text, approved_on, expires_on, status";

/**
 * Lines to take from JSON Lines or CSV (columns line_id, title, topic, text, approved_on and
 * optionally expires_on and status), or from a Word document laid out as described in
 * wordRecords. Every row is checked; a bad row is reported by number and left out, the rest kept.
 */
export async function importLines(file: string, fileName: string): Promise<ImportedLines> {
  const records = fileName.toLowerCase().endsWith(".docx")
    ? await wordRecords(file, fileName)
    : await tableRecords(file, fileName);
  const lines: Line[] = [];
  const problems: LineProblem[] = [];
  const seen = new Map<string, number>();
  for (const record of records) {
    if ("error" in record) {
      problems.push({ row: record.row, message: record.error });
      continue;
    }
    const checked = checkRecord(record.values, record.where);
    if (typeof checked === "string") {
      problems.push({ row: record.row, message: checked });
      continue;
    }
    const earlier = seen.get(checked.id);
    if (earlier !== undefined) {
      problems.push({
        row: record.row,
        message: `${record.where}: line_id "${checked.id}" is already used by ${record.where.replace(/\d+$/, String(earlier))}. Give each line its own line_id.`,
      });
      continue;
    }
    seen.set(checked.id, record.row);
    lines.push(checked);
  }
  return { lines, problems };
}

type RawRecord =
  { row: number; where: string; values: Record<string, string> } | { row: number; error: string };

async function tableRecords(file: string, fileName: string): Promise<RawRecord[]> {
  const format = formatFromName(fileName);
  if (format !== "jsonl" && format !== "csv") {
    throw new UnreadableFileError(
      `${fileName} is not a kind of file lines can be imported from: use JSON Lines (.jsonl), CSV (.csv) or a Word document (.docx) with the fields ${FIELDS}.`,
    );
  }
  const records: RawRecord[] = [];
  const where = format === "jsonl" ? "Line" : "Row";
  for await (const row of readRows(file, format)) {
    records.push(
      row.error !== undefined
        ? { row: row.rowNumber, error: row.error }
        : { row: row.rowNumber, where: `${where} ${row.rowNumber}`, values: row.values },
    );
  }
  return records;
}

/**
 * A Word document of lines: each line starts with a heading (its title), followed by
 * "Label: value" paragraphs for line_id, topic, approved_on, expires_on and status (labels as in
 * the CSV, or written out: "Approved on"), and then the paragraphs of its text.
 */
async function wordRecords(file: string, fileName: string): Promise<RawRecord[]> {
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ path: file })).value;
  } catch {
    throw new UnreadableFileError(
      `${fileName} cannot be opened as a Word document: save it again from Word as .docx.`,
    );
  }
  const blocks = [...html.matchAll(/<(h[1-6]|p)>([\s\S]*?)<\/\1>/g)].map(([, tag, inner]) => ({
    heading: tag!.startsWith("h"),
    text: decodeHtml(inner!.replace(/<[^>]+>/g, "")).trim(),
  }));
  const records: RawRecord[] = [];
  let current: { row: number; values: Record<string, string>; text: string[] } | undefined;
  // A heading with nothing under it groups the lines below it: it is not a line itself.
  const finish = () => {
    const isSectionHeading =
      current && Object.keys(current.values).length === 1 && current.text.length === 0;
    if (current && !isSectionHeading)
      records.push({
        row: current.row,
        where: `Heading ${current.row}`,
        values: { ...current.values, text: current.text.join("\n\n") },
      });
  };
  let headings = 0;
  for (const block of blocks) {
    if (!block.text) continue;
    if (block.heading) {
      finish();
      headings += 1;
      current = { row: headings, values: { title: block.text }, text: [] };
      continue;
    }
    if (!current) continue;
    const field = /^(line[ _]?id|id|topic|approved[ _]?on|expires[ _]?on|status)\s*:\s*(.*)$/i.exec(
      block.text,
    );
    if (field && current.text.length === 0) {
      const key = field[1]!
        .toLowerCase()
        .replace(/ /g, "_")
        .replace(/^id$/, "line_id")
        .replace(/^lineid$/, "line_id");
      current.values[key] = field[2]!.trim();
    } else current.text.push(block.text);
  }
  finish();
  if (records.length === 0) {
    throw new UnreadableFileError(
      `${fileName} has no lines in it: start each line with a heading (its title), then "line_id:", "topic:" and "approved_on:" paragraphs, then its text.`,
    );
  }
  return records;
}

/** A checked line, or what is wrong with the record and how to put it right. */
function checkRecord(values: Record<string, string>, where: string): Line | string {
  const get = (key: string) => values[key]?.trim() ?? "";
  const missing = ["line_id", "text", "approved_on"].filter((key) => !get(key));
  if (missing.length > 0) {
    return `${where}: ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} missing. Every line needs a line_id, its text and the date it was approved (approved_on, YYYY-MM-DD).`;
  }
  const approvedOn = get("approved_on");
  const expiresOn = get("expires_on") || undefined;
  for (const [key, value] of [
    ["approved_on", approvedOn],
    ["expires_on", expiresOn],
  ] as const) {
    if (value === undefined) continue;
    try {
      parseIsoDate(value);
    } catch {
      return `${where}: ${key} "${value}" is not a date. Write it as YYYY-MM-DD, for example 2026-03-03.`;
    }
  }
  if (expiresOn !== undefined && expiresOn < approvedOn) {
    return `${where}: expires_on ${expiresOn} is before approved_on ${approvedOn}. Check both dates.`;
  }
  const status = (get("status") || "current").toLowerCase();
  if (status !== "current" && status !== "withdrawn") {
    return `${where}: status "${get("status")}" is not known: write current or withdrawn (or leave it empty for current).`;
  }
  return {
    id: get("line_id"),
    title: get("title") || undefined,
    topic: get("topic"),
    text: get("text"),
    approvedOn,
    expiresOn,
    status,
  };
}

function decodeHtml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}
