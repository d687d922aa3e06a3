import { chooseEngine, type ModelAccess, type Transcriber } from "@bernard/llm";
import { PAGES, type Page } from "@bernard/minutes-contract";
import {
  createToolApp,
  type ToolAppOptions,
  type ToolServer,
  type WebPage,
} from "@bernard/toolkit";
import type { FileStorage } from "@bernard/toolkit/uploads";
import { draftMinutesJob } from "./jobs/draft-minutes.js";
import { purgeTranscriptsJob, scheduleDailyPurge } from "./jobs/purge-transcripts.js";
import { transcribeRecordingJob } from "./jobs/transcribe-recording.js";
import { manifest } from "./manifest.js";
import { actionAndSettingRoutes } from "./routes/actions.js";
import { meetingRoutes } from "./routes/meetings.js";
import { minutesRoutes } from "./routes/minutes.js";
import { templateRoutes } from "./routes/templates.js";
import { canFollowJob, pageAbout } from "./services/access.js";
import { createToolDatabase, type ToolDatabase } from "./services/database.js";
import { canSeeTemplate } from "./services/templates.js";

export type ServerOptions = ToolAppOptions & {
  /** The portal's AI models (AI edits, audio transcription); without them the tool works offline. */
  models?: ModelAccess | undefined;
  /** Speech to text for uploaded recordings; without it a recording is refused with what to do. */
  transcriber?: Transcriber | undefined;
  /** Where recordings wait for their transcription job. */
  storage: FileStorage;
  /** Whether to run the daily transcript purge (tests run it by hand). */
  dailyPurge?: boolean;
};

/**
 * Each of the summariser's pages (the contract's `PAGES`); a page about a meeting or template the
 * person may not see answers 404, as does any other page.
 */
function summariserPages(db: ToolDatabase): Record<Page, WebPage> {
  return {
    meetings: PAGES.meetings,
    newMeeting: PAGES.newMeeting,
    meeting: pageAbout(db, PAGES.meeting),
    meetingDetails: pageAbout(db, PAGES.meetingDetails),
    minutes: pageAbout(db, PAGES.minutes),
    actions: PAGES.actions,
    settings: PAGES.settings,
    templates: PAGES.templates,
    newTemplate: PAGES.newTemplate,
    template: {
      path: PAGES.template,
      exists: async (request) =>
        !!request.user && canSeeTemplate(db, request.params.id ?? "", { id: request.user.sub }),
    },
  };
}

/** Builds the summariser's server; the caller decides whether to listen (main.ts) or test it. */
export async function buildServer(options: ServerOptions): Promise<ToolServer> {
  const db = createToolDatabase(options.database);
  const server = await createToolApp({
    manifest,
    ...options,
    db,
    pages: Object.values(summariserPages(db)),
    jobs: [
      draftMinutesJob(db, options.models),
      transcribeRecordingJob(db, options.storage, options.transcriber),
      purgeTranscriptsJob(db),
    ],
    canAccessJob: canFollowJob(db),
    routes: async (api) => {
      await api.register(
        meetingRoutes(db, {
          storage: options.storage,
          modelFor: async (userToken) => {
            const { models, transcriber } = options;
            if (!transcriber || !userToken) return undefined;
            const choice = await chooseEngine(models, userToken, { toolName: manifest.name });
            return choice.engine === "model"
              ? { credential: await models!.credentialFor(userToken) }
              : undefined;
          },
        }),
      );
      await api.register(minutesRoutes(db, options.portalAudit, options.models));
      await api.register(actionAndSettingRoutes(db, options.portalAudit));
      await api.register(templateRoutes(db));
    },
  });
  if (options.dailyPurge && options.role !== "web") {
    server.addHook("onReady", () => {
      const stop = scheduleDailyPurge(server.jobs);
      server.addHook("onClose", () => stop());
    });
  }
  return server;
}
