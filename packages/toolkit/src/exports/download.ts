import type { FastifyReply, FastifyRequest } from "fastify";
import type { PortalAudit } from "../portal-audit.js";

export const CONTENT_TYPES = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  csv: "text/csv; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  txt: "text/plain; charset=utf-8",
} as const;

export type ExportFormat = keyof typeof CONTENT_TYPES;

/**
 * `Content-Disposition` for a download named `fileName`: `filename` is an ASCII stand-in every
 * browser reads (accents dropped, anything but letters, digits, spaces, `.`, `-`, `_` and
 * brackets left out), and `filename*` the real name in UTF-8 (RFC 6266) when it differs.
 */
export function contentDisposition(fileName: string): string {
  // No folders and no control characters, whatever the name was made from.
  const name = fileName.replace(/[/\\\p{Cc}]+/gu, "").trim() || "download";
  const ascii =
    name
      .normalize("NFKD")
      .replace(/[^\w .()-]+/g, "")
      .trim() || "download";
  return ascii === name
    ? `attachment; filename="${ascii}"`
    : `attachment; filename="${ascii}"; filename*=UTF-8''${extendedValue(name)}`;
}

/** Percent-encoded UTF-8 as RFC 8187 spells it: encodeURIComponent leaves `'()*` as they are. */
const extendedValue = (text: string) =>
  encodeURIComponent(text).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** What a person downloads: the file, its name (its extension says its format) and what it holds. */
export interface Download {
  body: Buffer | string;
  format: ExportFormat;
  fileName: string;
  /** What was exported, for the audit log, e.g. `results of the consultation "Buses" (xlsx)`. */
  what: string;
  /** The tool's own record of it (who downloaded what, for its pages), kept after the portal's. */
  alsoRecord?: () => Promise<void>;
}

/**
 * Sends a download after recording it in the portal's audit log, as the person making the
 * request: no record, no download (the audit's 503 goes to the person instead). Without an
 * audit (tests with no portal), it is only sent.
 */
export async function sendDownload(
  request: FastifyRequest,
  reply: FastifyReply,
  audit: PortalAudit | undefined,
  download: Download,
): Promise<FastifyReply> {
  await audit?.recordExport(request.userToken!, {
    what: download.what,
    file: download.fileName,
  });
  await download.alsoRecord?.();
  return reply
    .header("content-type", CONTENT_TYPES[download.format])
    .header("content-disposition", contentDisposition(download.fileName))
    .send(download.body);
}
