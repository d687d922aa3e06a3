import type { AppDatabase } from "@bernard/database";
import {
  apiPrefix,
  createToolServer,
  type PortalAudit,
  type ToolServer,
  type ToolServerOptions,
} from "@bernard/toolkit";
import { createReadLimit, type ReadLimitOptions } from "./import/read-limit.js";
import { analyseQuestionJob } from "./jobs/analyse-question.js";
import { importResponsesJob } from "./jobs/import-responses.js";
import { manifest } from "./manifest.js";
import { registerConsultationAccess } from "./plugins/consultation-access.js";
import { analysisRoutes } from "./routes/analysis.js";
import { consultationRoutes } from "./routes/consultations.js";
import { reviewRoutes } from "./routes/review.js";
import { canFollowJob } from "./services/access.js";
import { createToolDatabase } from "./services/database.js";
import type { ModelAccess } from "./services/models.js";

export type ServerOptions = Pick<
  ToolServerOptions,
  "portal" | "verifyUserToken" | "webRoot" | "logger" | "runJobs"
> & {
  database: AppDatabase;
  /** How analyses reach a model; without it only the offline engine is offered. */
  models?: ModelAccess | undefined;
  /** The portal's audit log, where every download is recorded (tests without a portal omit it). */
  portalAudit?: PortalAudit | undefined;
  /** How many uploads this process reads at once, and how long a request waits its turn. */
  reads?: ReadLimitOptions | undefined;
};

const DEFAULT_READS: ReadLimitOptions = { concurrent: 2, maxWaitMs: 15_000 };

/** The pages of the sorter's UI (web/src/app.tsx); any other page answers 404. */
const PAGES = [
  "/",
  "/new",
  "/c/:id",
  "/c/:id/import",
  "/q/:id",
  "/q/:id/responses",
  "/q/:id/dashboard",
  "/r/:id",
];

/** Builds the sorter's server; the caller decides whether to listen (main.ts) or test it. */
export async function buildServer(options: ServerOptions): Promise<ToolServer> {
  const db = createToolDatabase(options.database);
  const reads = createReadLimit(options.reads ?? DEFAULT_READS);
  const server = await createToolServer({
    manifest,
    ...options,
    pages: PAGES,
    // JSON bodies keep the toolkit's limit; uploads stream to disk under their own (multipart).
    jobs: [importResponsesJob(db, reads), analyseQuestionJob(db, options.models)],
    canAccessJob: canFollowJob(db),
  });
  server.addHook("onClose", () => db.$disconnect());
  await server.register(
    async (api) => {
      registerConsultationAccess(api, db);
      await api.register(consultationRoutes(db, reads, options.portalAudit));
      await api.register(reviewRoutes(db));
      await api.register(analysisRoutes(db, options.models));
    },
    { prefix: apiPrefix(manifest) },
  );
  return server;
}
