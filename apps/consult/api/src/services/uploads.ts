import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { AppError } from "@bernard/toolkit";
import {
  formatFromName,
  problemWithContent,
  StoredFileMissingError,
  UnreadableFileError,
  withLocalFile,
  type FileStorage,
  type ReadLimit,
  type SourceFormat,
} from "@bernard/toolkit/uploads";
import { previewFile, type FilePreview } from "../import/responses.js";
import { findConsultation } from "./consultations.js";
import type { ToolDatabase } from "./database.js";

/** How uploads are read (a few at a time) and where they are kept. */
export interface UploadFiles {
  reads: ReadLimit;
  storage: FileStorage;
}

export interface UploadPreview extends FilePreview {
  uploadId: string;
  fileName: string;
  uploadedAt: string;
  format: SourceFormat;
}

/**
 * Checks an uploaded file (already on disk, at `file.path`), reads it through once so a file
 * that cannot be imported is refused now with the row at fault, and streams it into storage
 * under the upload's ID. Reading waits its turn (`reads`), so only a few files are read at once.
 */
export async function saveUpload(
  db: ToolDatabase,
  { reads, storage }: UploadFiles,
  consultationId: string,
  file: { name: string; path: string },
  uploadedBy: string,
): Promise<UploadPreview> {
  await findConsultation(db, consultationId);
  const format = formatFromName(file.name);
  if (!format) {
    throw AppError.badRequest(
      "The file must be a CSV, an Excel workbook (.xlsx) or JSON Lines (.jsonl).",
      [
        {
          field: "file",
          message: "The file must be a CSV, an Excel workbook (.xlsx) or JSON Lines (.jsonl)",
        },
      ],
    );
  }
  if ((await stat(file.path)).size === 0) {
    const message = `${file.name} is empty: it has nothing in it, not even column headings. Export the responses again, then upload the new file.`;
    throw AppError.badRequest(message, [{ field: "file", message }]);
  }
  return reads.forRequest(async () => {
    const problem = await problemWithContent(file.name, file.path, format);
    if (problem) throw AppError.badRequest(problem, [{ field: "file", message: problem }]);
    // Read before it is kept: a file that cannot be read leaves nothing behind.
    const preview = await previewOrRefuse(file.path, format, file.name, { wholeFile: true });
    const id = randomUUID();
    const { size } = await storage.put(id, createReadStream(file.path));
    const upload = await db.upload.create({
      data: { id, consultationId, fileName: file.name, format, size, uploadedById: uploadedBy },
    });
    return uploadPreview(upload, format, preview);
  });
}

/** A stored upload's headings and first rows, read again (in turn, like every read). */
export async function previewUpload(
  db: ToolDatabase,
  { reads, storage }: UploadFiles,
  uploadId: string,
): Promise<UploadPreview> {
  return reads.forRequest(async () => {
    const upload = await db.upload.findUnique({ where: { id: uploadId } });
    if (!upload) throw AppError.notFound("There is no such upload. Upload the file again.");
    const format = upload.format as SourceFormat;
    const preview = await withUploadFile(db, storage, upload, (file) =>
      previewOrRefuse(file, format, upload.fileName, { wholeFile: false }),
    );
    return uploadPreview(upload, format, preview);
  });
}

/** What the mapping page shows of an upload: which file, when, and its first rows. */
function uploadPreview(
  upload: { id: string; fileName: string; uploadedAt: Date },
  format: SourceFormat,
  preview: FilePreview,
): UploadPreview {
  return {
    uploadId: upload.id,
    fileName: upload.fileName,
    uploadedAt: upload.uploadedAt.toISOString(),
    format,
    ...preview,
  };
}

async function previewOrRefuse(
  file: string,
  format: SourceFormat,
  fileName: string,
  options: { wholeFile: boolean },
): Promise<FilePreview> {
  const preview = await previewFile(file, format, options).catch((error: unknown) => {
    if (error instanceof AppError) throw error;
    const message =
      error instanceof UnreadableFileError
        ? `${fileName}: ${error.message}`
        : `${fileName} could not be read as ${format === "xlsx" ? "an Excel workbook" : "text"}. Open it in the program that made it, save it again (or export the responses as CSV), and upload that.`;
    throw AppError.badRequest(message, [{ field: "file", message }]);
  });
  if (preview.columns.length === 0) {
    const message = `${fileName} has no responses in it. The first row should be the column headings, with one response on each row below them.`;
    throw AppError.badRequest(message, [{ field: "file", message }]);
  }
  return preview;
}

/**
 * A stored upload as a file on this machine for the readers. An upload made before file storage
 * (its bytes still in the database) moves to storage first, once.
 */
export async function withUploadFile<T>(
  db: ToolDatabase,
  storage: FileStorage,
  upload: { id: string; content: Uint8Array | null },
  use: (file: string) => Promise<T>,
): Promise<T> {
  if (upload.content) {
    await storage.put(upload.id, Readable.from([upload.content]));
    await db.upload.update({ where: { id: upload.id }, data: { content: null } });
  }
  return withLocalFile(storage, upload.id, use).catch((error: unknown) => {
    // Not the person's doing (storage lost or cleared): say so, without the server's paths.
    if (error instanceof StoredFileMissingError) throw new UploadGoneError();
    throw error;
  });
}

/** The file behind an upload is no longer in storage: only uploading it again can help. */
export class UploadGoneError extends AppError {
  constructor() {
    super(
      409,
      "UPLOAD_GONE",
      "The uploaded file is no longer stored, so it cannot be read. Upload the file again.",
    );
  }
}
