import path from "node:path";
import { createPortalAudit, listenUntilStopped, readToolConfig } from "@bernard/toolkit";
import { uploadStorage } from "./launch.js";
import { manifest } from "./manifest.js";
import { buildServer } from "./server.js";
import { portalModelAccess } from "@bernard/llm";

const config = readToolConfig(manifest, process.env, { port: 3101 });
const server = await buildServer({
  database: config.database,
  portal: config.portal,
  models: portalModelAccess(config.portal.url),
  portalAudit: createPortalAudit(config.portal.url),
  webRoot: path.resolve(import.meta.dirname, "../../web/dist"),
  logger: { level: config.logLevel },
  role: config.role,
  storage: uploadStorage(process.env),
});
await listenUntilStopped(server, { port: config.port, host: config.host });
