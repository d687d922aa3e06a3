import { createTokenIssuer, type TokenIssuer } from "@bernard/auth";
import {
  apiPrefix,
  createToolServer,
  type ToolServer,
  type ToolServerOptions,
} from "@bernard/toolkit";
import type { PortalConfig } from "./config.js";
import { manifest } from "./manifest.js";
import { registerSessions } from "./plugins/sessions.js";
import { auditRoutes } from "./routes/audit.js";
import { invitationRoutes } from "./routes/invitations.js";
import { jwksRoutes } from "./routes/jwks.js";
import { sessionRoutes } from "./routes/session.js";
import { statusRoutes } from "./routes/status.js";
import { userAdminRoutes } from "./routes/users.js";
import { createPortalDatabase } from "./services/database.js";
import { loadSigningKey } from "./services/signing-key.js";

declare module "fastify" {
  interface FastifyInstance {
    /** Issues the short-lived tokens that tell a tool who is calling. */
    userTokens: TokenIssuer;
  }
}

/** Builds the portal's server; the caller decides whether to listen (main.ts) or test it. */
export async function buildPortalServer(
  config: Pick<PortalConfig, "database" | "webRoot" | "sessions" | "publicUrl">,
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
  await registerSessions(server, {
    db,
    policy: config.sessions,
    secureCookie: config.sessions.secureCookie,
  });
  const issuer = await createTokenIssuer({
    issuer: config.publicUrl,
    signingKey: await loadSigningKey(db),
  });
  server.decorate("userTokens", issuer);
  await server.register(jwksRoutes(issuer));
  const prefix = apiPrefix(manifest);
  await server.register(statusRoutes(db, { service: manifest.name, version: manifest.version }), {
    prefix,
  });
  await server.register(sessionRoutes(db, config.sessions.secureCookie), { prefix });
  await server.register(invitationRoutes(db), { prefix });
  await server.register(userAdminRoutes(db, config.publicUrl), { prefix });
  await server.register(auditRoutes(db), { prefix });
  return server;
}
