import {
  apiPrefix,
  createToolServer,
  type ToolServer,
  type ToolServerOptions,
} from "@bernard/toolkit";
import type { PortalConfig } from "./config.js";
import { manifest } from "./manifest.js";
import { statusRoutes } from "./routes/status.js";
import { createPortalDatabase } from "./services/database.js";

/** Builds the portal's server; the caller decides whether to listen (main.ts) or test it. */
export async function buildPortalServer(
  config: Pick<PortalConfig, "database" | "webRoot">,
  logger: ToolServerOptions["logger"] = { level: "info" },
): Promise<ToolServer> {
  const db = createPortalDatabase(config.database);
  const server = await createToolServer({
    manifest,
    database: config.database,
    webRoot: config.webRoot,
    logger,
  });
  server.addHook("onClose", () => db.$disconnect());
  await server.register(statusRoutes(db, { service: manifest.name, version: manifest.version }), {
    prefix: apiPrefix(manifest),
  });
  return server;
}
