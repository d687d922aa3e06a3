import multipart from "@fastify/multipart";
import type { ModelAccess } from "@bernard/llm";
import { meSchema } from "@bernard/letters-contract";
import { createToolApp, type ToolAppOptions, type ToolServer } from "@bernard/toolkit";
import { manifest } from "./manifest.js";
import { caseRoutes } from "./routes/cases.js";
import { draftRoutes } from "./routes/drafts.js";
import { lineRoutes } from "./routes/lines.js";
import { settingRoutes } from "./routes/settings.js";
import { UPLOAD_LIMIT_BYTES } from "./routes/uploads.js";
import { draftReplyJob } from "./jobs/draft-reply.js";
import { canFollowCaseJob, drafterPages } from "./services/access.js";
import { isApprover, readSettings } from "./services/settings.js";
import { createToolDatabase } from "./services/database.js";

/**
 * What the server is built from: the toolkit's settings, its database, the portal's audit log
 * and its models.
 */
export type ServerOptions = ToolAppOptions & {
  /** The model the portal gives the tool (left out, only the offline engine drafts). */
  models?: ModelAccess | undefined;
};

/** Builds the tool's server; the caller decides whether to listen (main.ts) or test it. */
export async function buildServer(options: ServerOptions): Promise<ToolServer> {
  const db = createToolDatabase(options.database);
  // Every route needs the portal's user token unless it says `config: PUBLIC_ROUTE`.
  return createToolApp({
    manifest,
    ...options,
    db,
    pages: Object.values(drafterPages(db)),
    jobs: [draftReplyJob(db, options.models)],
    canAccessJob: canFollowCaseJob(db),
    me: {
      schema: meSchema,
      more: async (user) => ({ isApprover: isApprover(user, await readSettings(db)) }),
    },
    routes: async (api) => {
      await api.register(multipart, { limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1 } });
      await api.register(caseRoutes(db));
      await api.register(draftRoutes(db, options.portalAudit, options.models));
      await api.register(lineRoutes(db));
      await api.register(settingRoutes(db));
    },
  });
}
