import type { AppDatabase } from "@bernard/database";
import {
  apiPrefix,
  createToolServer,
  type ToolServer,
  type ToolServerOptions,
} from "@bernard/toolkit";
import { analyseQuestionJob } from "./jobs/analyse-question.js";
import { importResponsesJob } from "./jobs/import-responses.js";
import { manifest } from "./manifest.js";
import { registerConsultationAccess } from "./plugins/consultation-access.js";
import { analysisRoutes } from "./routes/analysis.js";
import { consultationRoutes, UPLOAD_LIMIT_BYTES } from "./routes/consultations.js";
import { reviewRoutes } from "./routes/review.js";
import { createToolDatabase } from "./services/database.js";
import type { ModelAccess } from "./services/models.js";

export type ServerOptions = Pick<
  ToolServerOptions,
  "portal" | "verifyUserToken" | "webRoot" | "logger" | "runJobs"
> & {
  database: AppDatabase;
  /** How analyses reach a model; without it only the offline engine is offered. */
  models?: ModelAccess | undefined;
};

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
  const server = await createToolServer({
    manifest,
    ...options,
    pages: PAGES,
    jobs: [importResponsesJob(db), analyseQuestionJob(db, options.models)],
    bodyLimit: UPLOAD_LIMIT_BYTES,
  });
  server.addHook("onClose", () => db.$disconnect());
  await server.register(
    async (api) => {
      registerConsultationAccess(api, db);
      await api.register(consultationRoutes(db));
      await api.register(reviewRoutes(db));
      await api.register(analysisRoutes(db, options.models));
    },
    { prefix: apiPrefix(manifest) },
  );
  return server;
}
