import type { AppDatabase } from "@bernard/database";
import type { ModelAccess, Transcriber } from "@bernard/llm";
import {
  apiPrefix,
  createToolServer,
  type PortalAudit,
  type ToolServer,
  type ToolServerOptions,
} from "@bernard/toolkit";
import { requireAccessGuards } from "@bernard/toolkit/sharing";
import { draftMinutesJob } from "./jobs/draft-minutes.js";
import { purgeTranscriptsJob, scheduleDailyPurge } from "./jobs/purge-transcripts.js";
import { manifest } from "./manifest.js";
import { actionAndSettingRoutes } from "./routes/actions.js";
import { meetingRoutes } from "./routes/meetings.js";
import { minutesRoutes } from "./routes/minutes.js";
import { canFollowJob, pageAbout } from "./services/access.js";
import { createToolDatabase } from "./services/database.js";

export type ServerOptions = Pick<
  ToolServerOptions,
  "portal" | "verifyUserToken" | "webRoot" | "logger" | "role"
> & {
  database: AppDatabase;
  /** The portal's audit log, where every download is recorded (tests without a portal omit it). */
  portalAudit?: PortalAudit | undefined;
  /** The portal's AI models (AI edits, audio transcription); without them the tool works offline. */
  models?: ModelAccess | undefined;
  /** Speech to text for uploaded recordings; without it a recording is refused with what to do. */
  transcriber?: Transcriber | undefined;
  /** Whether to run the daily transcript purge (tests run it by hand). */
  dailyPurge?: boolean;
};

/** Builds the summariser's server; the caller decides whether to listen (main.ts) or test it. */
export async function buildServer(options: ServerOptions): Promise<ToolServer> {
  const db = createToolDatabase(options.database);
  const server = await createToolServer({
    manifest,
    ...options,
    // The pages of the UI (web/src/app.tsx); a page about a meeting the person may not see is 404.
    pages: [
      "/",
      "/new",
      "/actions",
      "/settings",
      pageAbout(db, "/m/:id"),
      pageAbout(db, "/m/:id/minutes"),
    ],
    jobs: [draftMinutesJob(db), purgeTranscriptsJob(db)],
    canAccessJob: canFollowJob(db),
  });
  server.addHook("onClose", () => db.$disconnect());
  if (options.dailyPurge && options.role !== "web") {
    server.addHook("onReady", () => {
      const stop = scheduleDailyPurge(server.jobs);
      server.addHook("onClose", () => stop());
    });
  }
  // Every route with an :id names its own access guard; one without fails to register.
  requireAccessGuards(server);
  await server.register(
    async (api) => {
      await api.register(meetingRoutes(db, options.transcriber));
      await api.register(minutesRoutes(db, options.portalAudit, options.models));
      await api.register(actionAndSettingRoutes(db, options.portalAudit));
    },
    { prefix: apiPrefix(manifest) },
  );
  return server;
}
