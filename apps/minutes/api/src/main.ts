import path from "node:path";
import { portalModelAccess, portalTranscriber } from "@bernard/llm";
import { createPortalAudit, listenUntilStopped, readToolConfig } from "@bernard/toolkit";
import { manifest } from "./manifest.js";
import { buildServer } from "./server.js";

const config = readToolConfig(manifest, process.env, { port: 3102 });
const server = await buildServer({
  database: config.database,
  portal: config.portal,
  models: portalModelAccess(config.portal.url),
  transcriber: portalTranscriber(config.portal.url),
  portalAudit: createPortalAudit(config.portal.url),
  webRoot: path.resolve(import.meta.dirname, "../../web/dist"),
  logger: { level: config.logLevel },
  role: config.role,
  dailyPurge: true,
});
await listenUntilStopped(server, { port: config.port, host: config.host });
