import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { AppError } from "@bernard/toolkit";
import { problemWithContent } from "../import/file-checks.js";
import type { ReadLimit } from "../import/read-limit.js";
import { formatFromName, UnreadableFileError, type SourceFormat } from "../import/read-rows.js";
import { previewFile, type FilePreview } from "../import/responses.js";
import { findConsultation } from "./consultations.js";
import type { ToolDatabase } from "./database.js";

export interface UploadPreview extends FilePreview {
  uploadId: string;
  fileName: string;
  format: SourceFormat;
}

/**
 * Checks an uploaded file (already on disk, at `file.path`), reads it through once so a file
 * that cannot be imported is refused now with the row at fault, and keeps it in the database.
 * Reading waits its turn (`reads`), so only a few files are in memory at once.
 */
export async function saveUpload(
  db: ToolDatabase,
  reads: ReadLimit,
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
    throw AppError.badRequest("The file is empty.", [
      { field: "file", message: "The selected file is empty" },
    ]);
  }
  return reads.forRequest(async () => {
    const problem = await problemWithContent(file.name, file.path, format);
    if (problem) throw AppError.badRequest(problem, [{ field: "file", message: problem }]);
    // Read before it is kept: a file that cannot be read leaves nothing behind.
    const preview = await previewOrRefuse(file.path, format, file.name, { wholeFile: true });
    const content = await readFile(file.path);
    const upload = await db.upload.create({
      data: {
        consultationId,
        fileName: file.name,
        format,
        size: content.length,
        content: new Uint8Array(content),
        uploadedById: uploadedBy,
      },
    });
    return { uploadId: upload.id, fileName: upload.fileName, format, ...preview };
  });
}

/** A stored upload's headings and first rows, read again (in turn, like every read). */
export async function previewUpload(
  db: ToolDatabase,
  reads: ReadLimit,
  uploadId: string,
): Promise<UploadPreview> {
  return reads.forRequest(async () => {
    const upload = await db.upload.findUnique({ where: { id: uploadId } });
    if (!upload) throw AppError.notFound("There is no such upload. Upload the file again.");
    const format = upload.format as SourceFormat;
    const preview = await withStoredFile(upload, (file) =>
      previewOrRefuse(file, format, upload.fileName, { wholeFile: false }),
    );
    return { uploadId: upload.id, fileName: upload.fileName, format, ...preview };
  });
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
    throw AppError.badRequest(
      `${fileName} has no rows to import: the first row should be the column headings.`,
      [{ field: "file", message: "The file has no rows to import" }],
    );
  }
  return preview;
}

/**
 * A path for a temporary file, removed afterwards. Its name is fixed, never the upload's, so no
 * file name can point outside the folder.
 */
export async function withTempFile<T>(use: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), "consult-upload-"));
  try {
    return await use(path.join(dir, "upload"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The stored bytes as a temporary file for the streaming readers; removed afterwards. */
export async function withStoredFile<T>(
  upload: { content: Uint8Array },
  use: (file: string) => Promise<T>,
): Promise<T> {
  return withTempFile(async (file) => {
    await writeFile(file, upload.content);
    return use(file);
  });
}
