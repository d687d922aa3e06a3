import type { MultipartFile } from "@fastify/multipart";
import { AppError } from "@bernard/toolkit";

/** Largest file accepted: a letter, or a knowledge base of thousands of lines, is far smaller. */
export const UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

/** The uploaded file's bytes and name, or a message saying what to choose. */
export async function uploadedFile(
  file: MultipartFile | undefined,
  what: string,
): Promise<{ bytes: Buffer; name: string }> {
  if (!file)
    throw AppError.badRequest(`Select ${what}.`, [{ field: "file", message: `Select ${what}` }]);
  const bytes = await file.toBuffer().catch((error: unknown) => {
    if ((error as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") {
      throw new AppError(
        413,
        "PAYLOAD_TOO_LARGE",
        `${file.filename} is larger than 20 MB: check it is the right file.`,
        [{ field: "file", message: `${file.filename} is larger than 20 MB` }],
      );
    }
    throw error;
  });
  return { bytes, name: file.filename };
}

/** A problem with a file, as a message on the form's file field. */
export const fileProblem = (message: string) =>
  AppError.badRequest(message, [{ field: "file", message }]);
