export type { UserClaims } from "@bernard/auth";
export {
  parseEnvironment,
  PROCESS_ROLES,
  readToolConfig,
  type PortalTrust,
  type ProcessRole,
  type ToolConfig,
} from "./config.js";
export { AppError } from "./errors.js";
export type { ErrorEnvelope } from "./contract/index.js";
export {
  defineJob,
  JobFailure,
  type JobContext,
  type JobDefinition,
  type JobProgress,
} from "./jobs/job-definition.js";
export { JobService, type JobServiceOptions } from "./jobs/job-service.js";
export { UNFINISHED_STATES } from "./jobs/job-store.js";
export { JOB_STATES, type JobSnapshot, type JobState, type JobSubject } from "./jobs/job-store.js";
export {
  defineTool,
  ROLES,
  toolManifestSchema,
  type Role,
  type ToolManifest,
  type ToolManifestInput,
} from "./manifest.js";
export {
  apiPrefix,
  createToolServer,
  requestIdFor,
  type ToolServer,
  type ToolServerOptions,
} from "./server/create-tool-server.js";
export { createPortalAudit, type ExportEntry, type PortalAudit } from "./portal-audit.js";
export { listenUntilStopped } from "./server/listen.js";
export { createToolApp, runTool, type AboutMe, type ToolAppOptions } from "./server/tool-app.js";
export {
  PUBLIC_ROUTE,
  type Authenticator,
  type RouteAuthentication,
} from "./server/plugins/authentication.js";
export { jobSnapshotSchema } from "./contract/index.js";
export { starterOrAdmin, type JobAccessRule } from "./server/plugins/job-routes.js";
export { sendPage, type WebPage } from "./server/plugins/web-app.js";
/** The type of a plugin that adds an app's routes, with zod-typed requests and replies. */
export type { FastifyPluginAsyncZod as ToolRoutes } from "fastify-type-provider-zod";
