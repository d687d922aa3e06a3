import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { AppError } from "@bernard/toolkit";
import { problemWithContent } from "../import/file-checks.js";
import { formatFromName, type SourceFormat } from "../import/read-rows.js";
import { previewFile, type FilePreview } from "../import/responses.js";
import { findConsultation } from "./consultations.js";
import type { ToolDatabase } from "./database.js";

export interface UploadPreview extends FilePreview {
  uploadId: string;
  fileName: string;
  format: SourceFormat;
}

/** Keeps an uploaded file in the database, and shows its headings and first rows. */
export async function saveUpload(
  db: ToolDatabase,
  consultationId: string,
  file: { name: string; content: Buffer },
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
  if (file.content.length === 0) {
    throw AppError.badRequest("The file is empty.", [
      { field: "file", message: "The selected file is empty" },
    ]);
  }
  const problem = problemWithContent(file.name, file.content, format);
  if (problem) throw AppError.badRequest(problem, [{ field: "file", message: problem }]);
  // Read before it is kept: a file that cannot be previewed leaves nothing behind.
  const preview = await previewStored({ content: file.content, format, fileName: file.name });
  const upload = await db.upload.create({
    data: {
      consultationId,
      fileName: file.name,
      format,
      size: file.content.length,
      content: new Uint8Array(file.content),
      uploadedById: uploadedBy,
    },
  });
  return { uploadId: upload.id, fileName: upload.fileName, format, ...preview };
}

export async function previewUpload(db: ToolDatabase, uploadId: string): Promise<UploadPreview> {
  const upload = await db.upload.findUnique({ where: { id: uploadId } });
  if (!upload) throw AppError.notFound("There is no such upload. Upload the file again.");
  return {
    uploadId: upload.id,
    fileName: upload.fileName,
    format: upload.format as SourceFormat,
    ...(await previewStored(upload)),
  };
}

async function previewStored(upload: {
  content: Uint8Array;
  format: string;
  fileName: string;
}): Promise<FilePreview> {
  const preview = await withStoredFile(upload, (file) =>
    previewFile(file, upload.format as SourceFormat),
  ).catch((error: unknown) => {
    if (error instanceof AppError) throw error;
    const kind = upload.format === "xlsx" ? "an Excel workbook" : "text";
    throw AppError.badRequest(
      `${upload.fileName} could not be read as ${kind}. Open it in the program that made it, save it again (or export the responses as CSV), and upload that.`,
      [{ field: "file", message: `${upload.fileName} could not be read` }],
    );
  });
  if (preview.columns.length === 0) {
    throw AppError.badRequest(
      `${upload.fileName} has no rows to import: the first row should be the column headings.`,
      [{ field: "file", message: "The file has no rows to import" }],
    );
  }
  return preview;
}

/** The stored bytes as a temporary file for the streaming readers; removed afterwards. */
export async function withStoredFile<T>(
  upload: { content: Uint8Array; fileName: string },
  use: (file: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), "consult-upload-"));
  const file = path.join(dir, path.basename(upload.fileName));
  try {
    await writeFile(file, upload.content);
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
