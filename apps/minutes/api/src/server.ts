import { chooseEngine, type ModelAccess, type Transcriber } from "@bernard/llm";
import { createToolApp, type ToolAppOptions, type ToolServer } from "@bernard/toolkit";
import type { FileStorage } from "@bernard/toolkit/uploads";
import { draftMinutesJob } from "./jobs/draft-minutes.js";
import { purgeTranscriptsJob, scheduleDailyPurge } from "./jobs/purge-transcripts.js";
import { transcribeRecordingJob } from "./jobs/transcribe-recording.js";
import { manifest } from "./manifest.js";
import { actionAndSettingRoutes } from "./routes/actions.js";
import { meetingRoutes } from "./routes/meetings.js";
import { minutesRoutes } from "./routes/minutes.js";
import { templateRoutes } from "./routes/templates.js";
import { canFollowJob, summariserPages } from "./services/access.js";
import { createToolDatabase } from "./services/database.js";

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
