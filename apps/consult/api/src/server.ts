import type { ModelAccess } from "@bernard/llm";
import { createToolApp, type ToolAppOptions, type ToolServer } from "@bernard/toolkit";
import { createReadLimit, type FileStorage, type ReadLimitOptions } from "@bernard/toolkit/uploads";
import { analyseQuestionJob } from "./jobs/analyse-question.js";
import { importResponsesJob } from "./jobs/import-responses.js";
import { manifest } from "./manifest.js";
import { sorterPages } from "./plugins/consultation-access.js";
import { analysisRoutes } from "./routes/analysis.js";
import { consultationRoutes } from "./routes/consultations.js";
import { reviewRoutes } from "./routes/review.js";
import { canFollowJob } from "./services/access.js";
import { createToolDatabase } from "./services/database.js";

export type ServerOptions = ToolAppOptions & {
  /** How analyses reach a model; without it only the offline engine is offered. */
  models?: ModelAccess | undefined;
  /** How many uploads this process reads at once, and how long a request waits its turn. */
  reads?: ReadLimitOptions | undefined;
  /** Where uploaded files are kept (every process of the sorter must share it). */
  storage: FileStorage;
};

const DEFAULT_READS: ReadLimitOptions = { concurrent: 2, maxWaitMs: 15_000 };

/** Builds the sorter's server; the caller decides whether to listen (main.ts) or test it. */
export async function buildServer(options: ServerOptions): Promise<ToolServer> {
  const db = createToolDatabase(options.database);
  const files = {
    reads: createReadLimit(options.reads ?? DEFAULT_READS),
    storage: options.storage,
  };
  return createToolApp({
    manifest,
    ...options,
    db,
    pages: Object.values(sorterPages(db)),
    // JSON bodies keep the toolkit's limit; uploads stream to disk under their own (multipart).
    jobs: [importResponsesJob(db, files), analyseQuestionJob(db, options.models)],
    canAccessJob: canFollowJob(db),
    routes: async (api) => {
      await api.register(consultationRoutes(db, files, options.portalAudit));
      await api.register(reviewRoutes(db));
      await api.register(analysisRoutes(db, options.models));
    },
  });
}
