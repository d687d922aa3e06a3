import type { SourceFormat } from "./read-rows.js";

/** Most a workbook may expand to when opened; a larger one is refused before it is read. */
export const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;
/** How much more than its compressed size one part of a workbook may be (real sheets: 5–20×). */
const MAX_COMPRESSION_RATIO = 200;
const SNIFF_BYTES = 8 * 1024;

const ZIP_LOCAL_HEADER = 0x04034b50;
const ZIP_CENTRAL_HEADER = 0x02014b50;
const ZIP_END_OF_DIRECTORY = 0x06054b50;

/**
 * Why an uploaded file cannot be what its name says, or undefined when it can: a picture or a
 * Word document renamed .csv, a .xlsx that is not a workbook, or a workbook that would expand to
 * far more than any sheet of responses (a "zip bomb"). Checked before anything is stored or read.
 */
export function problemWithContent(
  name: string,
  content: Buffer,
  format: SourceFormat,
): string | undefined {
  const isZip = content.length >= 4 && content.readUInt32LE(0) === ZIP_LOCAL_HEADER;
  if (format === "xlsx") {
    if (!isZip) {
      return `${name} is not an Excel workbook, though its name ends in .xlsx. Open it in Excel and save it as an Excel workbook (.xlsx), or export the responses as CSV.`;
    }
    return problemWithZip(name, content);
  }
  if (isZip) {
    return `${name} is a compressed file (perhaps an Excel workbook), not ${format === "csv" ? "a CSV" : "JSON Lines"}. Upload it with its .xlsx name, or export the responses as CSV.`;
  }
  const start = content.subarray(0, SNIFF_BYTES);
  const utf16 =
    (start[0] === 0xff && start[1] === 0xfe) || (start[0] === 0xfe && start[1] === 0xff);
  if (!utf16 && start.includes(0)) {
    return `${name} is not a text file: it looks like a picture, a PDF or a Word document renamed. Export the responses as CSV and upload that.`;
  }
  return undefined;
}

/** Reads the zip's central directory (no unpacking) and refuses what would expand too far. */
function problemWithZip(name: string, content: Buffer): string | undefined {
  const end = findEndOfDirectory(content);
  if (end === undefined)
    return `${name} is damaged: it ends before its table of contents. Save it again from Excel.`;
  const entries = content.readUInt16LE(end + 10);
  let offset = content.readUInt32LE(end + 16);
  let unpacked = 0;
  for (let entry = 0; entry < entries; entry += 1) {
    if (offset + 46 > content.length || content.readUInt32LE(offset) !== ZIP_CENTRAL_HEADER) {
      return `${name} is damaged: its table of contents cannot be read. Save it again from Excel.`;
    }
    const compressed = content.readUInt32LE(offset + 20);
    const size = content.readUInt32LE(offset + 24);
    // 0xFFFFFFFF means a ZIP64 size: over 4 GB, far beyond any sheet of responses.
    if (
      size === 0xffffffff ||
      (compressed > 0 && size / compressed > MAX_COMPRESSION_RATIO && size > 10 * 1024 * 1024)
    ) {
      return tooLarge(name);
    }
    unpacked += size;
    if (unpacked > MAX_UNPACKED_BYTES) return tooLarge(name);
    offset +=
      46 +
      content.readUInt16LE(offset + 28) +
      content.readUInt16LE(offset + 30) +
      content.readUInt16LE(offset + 32);
  }
  return undefined;
}

function tooLarge(name: string): string {
  return `${name} would expand to more than 1 GB when opened, far more than a workbook of responses needs, so it was not opened. Export the responses as CSV, or split the workbook.`;
}

/** The end-of-directory record sits in the last 64 KB (after an optional comment). */
function findEndOfDirectory(content: Buffer): number | undefined {
  const earliest = Math.max(0, content.length - 22 - 0xffff);
  for (let offset = content.length - 22; offset >= earliest; offset -= 1) {
    if (content.readUInt32LE(offset) === ZIP_END_OF_DIRECTORY) return offset;
  }
  return undefined;
}
