export { checkEveryRoute, type EveryRouteChecks } from "./every-route.js";
export { documentedRoutes, pageRequests, type DocumentedRoute } from "./openapi-routes.js";
export { isRefusal } from "./refusal.js";
export { undescribedSuccesses, type DocumentedOperation } from "./response-schemas.js";
export { startWorker, waitForJob, WORKER_READY } from "./jobs.js";
export { routeSpellings } from "./route-spellings.js";
export { sendRaw, type RawResponse } from "./send-raw.js";
export { PUBLIC_TOOL_ROUTES, unrefusedSpellings } from "./unrefused.js";
export { ScriptProcess } from "./script-process.js";
export { startTestTool, type TestToolSettings } from "./test-tool.js";
export {
  createPortalKeys,
  TEST_PORTAL_ISSUER,
  toolClient,
  type PersonClient,
  type PortalKeys,
  type TestJson,
} from "./tool-client.js";
