import { createReadStream } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { createInflateRaw } from "node:zlib";
import type { SourceFormat } from "./read-rows.js";

/** Most a workbook may expand to when opened, counted while actually unpacking it. */
const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;
/** How much more than its compressed size one part of a workbook may be (real sheets: 5–20×). */
const MAX_COMPRESSION_RATIO = 200;
/** Parts smaller than this are never refused for their ratio (tiny XML packs very well). */
const RATIO_APPLIES_ABOVE = 10 * 1024 * 1024;
const MAX_ENTRIES = 10_000;
const SNIFF_BYTES = 8 * 1024;

const ZIP_LOCAL_HEADER = 0x04034b50;
const ZIP_CENTRAL_HEADER = 0x02014b50;
const ZIP_END_OF_DIRECTORY = 0x06054b50;
const ZIP_DATA_DESCRIPTOR = 0x08074b50;
const STORED = 0;
const DEFLATED = 8;
const HAS_DATA_DESCRIPTOR = 0x08;

/**
 * Why an uploaded file cannot be what its name says, or undefined when it can: a picture or a
 * Word document renamed .csv, or a .xlsx that is not a zip. Checked before anything is parsed;
 * what a workbook expands to is checked each time it is read (problemWithWorkbook).
 */
export async function problemWithContent(
  name: string,
  file: string,
  format: SourceFormat,
): Promise<string | undefined> {
  const handle = await open(file);
  try {
    const { size } = await handle.stat();
    const start = await readAt(handle, 0, Math.min(SNIFF_BYTES, size));
    const isZip = start.length >= 4 && start.readUInt32LE(0) === ZIP_LOCAL_HEADER;
    if (format === "xlsx") {
      if (!isZip) {
        return `${name} is not an Excel workbook, though its name ends in .xlsx. Open it in Excel and save it as an Excel workbook (.xlsx), or export the responses as CSV.`;
      }
      return undefined;
    }
    if (isZip) {
      return `${name} is a compressed file (perhaps an Excel workbook), not ${format === "csv" ? "a CSV" : "JSON Lines"}. Upload it with its .xlsx name, or export the responses as CSV.`;
    }
    const utf16 =
      (start[0] === 0xff && start[1] === 0xfe) || (start[0] === 0xfe && start[1] === 0xff);
    if (!utf16 && start.includes(0)) {
      return `${name} is not a text file: it looks like a picture, a PDF or a Word document renamed. Export the responses as CSV and upload that.`;
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/**
 * Why a workbook must not be opened, or undefined when it may: it is damaged, or it expands to
 * far more than any sheet of responses (a "zip bomb").
 *
 * Unpacks every part of the workbook, counting the bytes it really expands to (the sizes in a
 * zip's table of contents are the sender's claim, and a bomb lies in them), and stops as soon as
 * a part expands beyond its stated size, its ratio limit or the total limit. The parts must lie
 * end to end exactly as the table of contents says, so a reader that walks the file from the
 * front (as exceljs's unzipper does) meets exactly the parts counted here.
 */
export async function problemWithWorkbook(file: string): Promise<string | undefined> {
  const handle = await open(file);
  try {
    return await problemWithZip(file, handle, (await handle.stat()).size);
  } finally {
    await handle.close();
  }
}

async function problemWithZip(
  file: string,
  handle: FileHandle,
  fileSize: number,
): Promise<string | undefined> {
  const damaged = `The workbook is damaged: its table of contents does not match its contents. Save it again from Excel.`;
  const tailStart = Math.max(0, fileSize - 22 - 0xffff);
  const tail = await readAt(handle, tailStart, fileSize - tailStart);
  const end = findEndOfDirectory(tail);
  if (end === undefined)
    return `The workbook is damaged: it ends before its table of contents. Save it again from Excel.`;
  const entryCount = tail.readUInt16LE(end + 10);
  const directorySize = tail.readUInt32LE(end + 12);
  const directoryOffset = tail.readUInt32LE(end + 16);
  // 0xFFFF… values mean ZIP64: over 4 GB or 65,535 parts, far beyond any sheet of responses.
  if (entryCount === 0xffff || directoryOffset === 0xffffffff || entryCount > MAX_ENTRIES)
    return TOO_LARGE;
  if (directoryOffset + directorySize > tailStart + end) return damaged;

  const directory = await readAt(handle, directoryOffset, directorySize);
  const entries: ZipEntry[] = [];
  for (let offset = 0, index = 0; index < entryCount; index += 1) {
    if (offset + 46 > directory.length || directory.readUInt32LE(offset) !== ZIP_CENTRAL_HEADER)
      return damaged;
    const nameLength = directory.readUInt16LE(offset + 28);
    entries.push({
      flags: directory.readUInt16LE(offset + 8),
      method: directory.readUInt16LE(offset + 10),
      compressedSize: directory.readUInt32LE(offset + 20),
      size: directory.readUInt32LE(offset + 24),
      localOffset: directory.readUInt32LE(offset + 42),
      name: directory.toString("latin1", offset + 46, offset + 46 + nameLength),
    });
    offset +=
      46 + nameLength + directory.readUInt16LE(offset + 30) + directory.readUInt16LE(offset + 32);
  }

  let expected = 0;
  let unpacked = 0;
  for (const entry of entries.sort((a, b) => a.localOffset - b.localOffset)) {
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff) return TOO_LARGE;
    if (entry.localOffset !== expected) return damaged;
    const local = await readAt(handle, entry.localOffset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== ZIP_LOCAL_HEADER) return damaged;
    const nameLength = local.readUInt16LE(26);
    const localName = (await readAt(handle, entry.localOffset + 30, nameLength)).toString("latin1");
    const localCompressed = local.readUInt32LE(18);
    const localSize = local.readUInt32LE(22);
    const sizesDeferred = (local.readUInt16LE(6) & HAS_DATA_DESCRIPTOR) !== 0;
    if (
      localName !== entry.name ||
      local.readUInt16LE(8) !== entry.method ||
      ((!sizesDeferred || localCompressed !== 0) &&
        (localCompressed !== entry.compressedSize || localSize !== entry.size))
    )
      return damaged;
    const dataStart = entry.localOffset + 30 + nameLength + local.readUInt16LE(28);
    const dataEnd = dataStart + entry.compressedSize;
    expected = dataEnd;
    if (sizesDeferred) {
      const descriptor = await readAt(handle, dataEnd, 16);
      if (
        descriptor.length < 16 ||
        descriptor.readUInt32LE(0) !== ZIP_DATA_DESCRIPTOR ||
        descriptor.readUInt32LE(8) !== entry.compressedSize
      )
        return damaged;
      expected += 16;
    }
    if (entry.method !== STORED && entry.method !== DEFLATED) {
      return `The workbook uses a kind of compression Excel does not use, so it was not opened. Save it again from Excel, or export the responses as CSV.`;
    }
    const limit = Math.min(
      entry.size,
      MAX_UNPACKED_BYTES - unpacked,
      Math.max(RATIO_APPLIES_ABOVE, entry.compressedSize * MAX_COMPRESSION_RATIO),
    );
    const inflated =
      entry.method === STORED
        ? entry.compressedSize
        : await inflatedSize(file, dataStart, dataEnd, limit);
    if (inflated === "damaged") return damaged;
    if (inflated === "over-limit" || inflated > limit) {
      return entry.size === limit
        ? `The workbook is not genuine: a part of it expands to more than it declares, as a "zip bomb" does, so it was not opened. Save the workbook again from Excel, or export the responses as CSV.`
        : TOO_LARGE;
    }
    unpacked += inflated;
  }
  return expected === directoryOffset ? undefined : damaged;
}

/** The bytes [start, end) of the file inflated, counted and thrown away; stops past `limit`. */
async function inflatedSize(
  file: string,
  start: number,
  end: number,
  limit: number,
): Promise<number | "over-limit" | "damaged"> {
  if (end <= start) return "damaged"; // deflated data is never empty
  let inflated = 0;
  try {
    await pipeline(
      createReadStream(file, { start, end: end - 1 }),
      createInflateRaw(),
      async (chunks: AsyncIterable<Buffer>) => {
        for await (const chunk of chunks) {
          inflated += chunk.length;
          if (inflated > limit) throw new Error("over the limit");
        }
      },
    );
    return inflated;
  } catch {
    // Past the limit, the stream is torn down, and the error that surfaces may be any stage's.
    return inflated > limit ? "over-limit" : "damaged";
  }
}

const TOO_LARGE =
  "The workbook would expand to more than 1 GB when opened, far more than a workbook of responses needs, so it was not opened. Export the responses as CSV, or split the workbook.";

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(Math.max(0, length));
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
  return buffer.subarray(0, bytesRead);
}

/** The end-of-directory record sits in the last 64 KB (after an optional comment). */
function findEndOfDirectory(tail: Buffer): number | undefined {
  for (let offset = tail.length - 22; offset >= 0; offset -= 1) {
    if (tail.readUInt32LE(offset) === ZIP_END_OF_DIRECTORY) return offset;
  }
  return undefined;
}
