import { PAGES, type Page } from "@bernard/consult-contract";
import type { ModelAccess } from "@bernard/llm";
import {
  createToolApp,
  type ToolAppOptions,
  type ToolServer,
  type WebPage,
} from "@bernard/toolkit";
import { createReadLimit, type FileStorage, type ReadLimitOptions } from "@bernard/toolkit/uploads";
import { analyseQuestionJob } from "./jobs/analyse-question.js";
import { importResponsesJob } from "./jobs/import-responses.js";
import { manifest } from "./manifest.js";
import { pageAbout } from "./plugins/consultation-access.js";
import { analysisRoutes } from "./routes/analysis.js";
import { consultationRoutes } from "./routes/consultations.js";
import { reviewRoutes } from "./routes/review.js";
import { canFollowJob, type Target } from "./services/access.js";
import { createToolDatabase, type ToolDatabase } from "./services/database.js";

export type ServerOptions = ToolAppOptions & {
  /** How analyses reach a model; without it only the offline engine is offered. */
  models?: ModelAccess | undefined;
  /** How many uploads this process reads at once, and how long a request waits its turn. */
  reads?: ReadLimitOptions | undefined;
  /** Where uploaded files are kept (every process of the sorter must share it). */
  storage: FileStorage;
};

const DEFAULT_READS: ReadLimitOptions = { concurrent: 2, maxWaitMs: 15_000 };

/**
 * Each of the sorter's pages (the contract's `PAGES`); a page about something that does not exist,
 * or that the person may not see, answers 404, as does any other page.
 */
function sorterPages(db: ToolDatabase): Record<Page, WebPage> {
  const about = (page: Page, target: Target) => pageAbout(db, PAGES[page], target);
  return {
    consultations: PAGES.consultations,
    newConsultation: PAGES.newConsultation,
    consultation: about("consultation", "consultation"),
    importing: about("importing", "consultation"),
    themes: about("themes", "question"),
    signOff: about("signOff", "question"),
    reanalyse: about("reanalyse", "question"),
    merge: about("merge", "question"),
    deletion: about("deletion", "question"),
    responses: about("responses", "question"),
    dashboard: about("dashboard", "question"),
    response: about("response", "response"),
  };
}

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
