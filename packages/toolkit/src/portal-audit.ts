import { AppError } from "./errors.js";

/** What a person downloaded from a tool: a description and the file's name. */
export interface ExportEntry {
  /** What was exported, e.g. `results of the consultation "Evening bus services" (xlsx)`. */
  what: string;
  file: string;
}

/** Records events in the portal's audit log on behalf of the person making the request. */
export interface PortalAudit {
  /**
   * Records an export with the request's user token (`request.userToken`); the portal takes
   * the person and the tool from the token. Throws a 503 AppError when the portal cannot
   * record it, so the download is refused rather than made unrecorded.
   */
  recordExport(userToken: string, entry: ExportEntry): Promise<void>;
}

const TIMEOUT_MS = 5_000;

/** The portal's audit log, reached at `portalUrl` (the tool's `config.portal.url`). */
export function createPortalAudit(portalUrl: string): PortalAudit {
  const endpoint = new URL("/api/audit/exports", portalUrl);
  return {
    async recordExport(userToken, entry) {
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: "POST",
          headers: { authorization: `Bearer ${userToken}`, "content-type": "application/json" },
          body: JSON.stringify(entry),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch {
        throw notRecorded("the portal did not answer");
      }
      await response.body?.cancel();
      if (!response.ok) throw notRecorded(`the portal answered ${response.status}`);
    },
  };
}

function notRecorded(reason: string): AppError {
  return new AppError(
    503,
    "AUDIT_UNAVAILABLE",
    `This download could not be recorded in the audit log (${reason}), so it was not made. Try again in a few minutes; if it keeps happening, tell your administrator.`,
    undefined,
    "60",
  );
}
