import { createOidcClient, createTokenIssuer, type TokenIssuer } from "@bernard/auth";
import { PostgresResponseCache } from "@bernard/llm";
import {
  apiPrefix,
  createToolServer,
  type ToolServer,
  type ToolServerOptions,
  type WebPage,
} from "@bernard/toolkit";
import { z } from "zod";
import type { PortalConfig } from "./config.js";
import { manifest } from "./manifest.js";
import { registerGateway } from "./plugins/gateway.js";
import { adminPage, registerSessions, requireUser } from "./plugins/sessions.js";
import { auditRoutes } from "./routes/audit.js";
import { invitationRoutes } from "./routes/invitations.js";
import { jwksRoutes } from "./routes/jwks.js";
import { llmAdminRoutes } from "./routes/llm-admin.js";
import { llmGatewayRoutes } from "./routes/llm-gateway.js";
import { sessionRoutes } from "./routes/session.js";
import { singleSignOnRoutes } from "./routes/single-sign-on.js";
import { statusRoutes } from "./routes/status.js";
import { toolAuditRoutes } from "./routes/tool-audit.js";
import { toolRoutes } from "./routes/tools.js";
import { userAdminRoutes } from "./routes/users.js";
import { AccessCache } from "./services/access-cache.js";
import {
  createPortalDatabase,
  LLM_CACHE_SCHEMA,
  type PortalDatabase,
} from "./services/database.js";
import { LlmGateway } from "./services/llm-gateway.js";
import { loadSigningKey } from "./services/signing-key.js";
import { createCallerCheck } from "./services/tool-callers.js";
import { ToolRegistry } from "./services/tool-registry.js";
import { createToolTokenSource } from "./services/tool-tokens.js";

/** How long a tool may act on one user token; the gateway signs a fresh one before then. */
const USER_TOKEN_TTL_SECONDS = 300;
/** How long background work may call the LLM gateway for the person who started it. */
const JOB_TOKEN_TTL_SECONDS = 24 * 3600;

declare module "fastify" {
  interface FastifyInstance {
    /** Issues the short-lived tokens that tell a tool who is calling. */
    userTokens: TokenIssuer;
  }
}

/**
 * The pages of the portal's UI (web/src/app.tsx); any other page, and a page about a user or
 * tool that does not exist, answers 404. Admin pages answer only admins (adminPage).
 */
function portalPages(db: PortalDatabase, registry: ToolRegistry): WebPage[] {
  return [
    "/",
    "/sign-in",
    "/signed-out",
    "/invitation/:token",
    "/account",
    { path: "/admin/users", guard: adminPage },
    {
      path: "/admin/users/:id/groups",
      guard: adminPage,
      exists: async ({ params }) =>
        z.uuid().safeParse(params.id).success &&
        (await db.user.count({ where: { id: params.id! } })) > 0,
    },
    { path: "/admin/audit", guard: adminPage },
    { path: "/admin/tools", guard: adminPage },
    {
      path: "/admin/tools/:id",
      guard: adminPage,
      exists: async ({ params }) => Boolean(registry.endpoint(params.id!)),
    },
    { path: "/admin/models", guard: adminPage },
  ];
}

/** Builds the portal's server; the caller decides whether to listen (main.ts) or test it. */
export async function buildPortalServer(
  config: Pick<
    PortalConfig,
    | "database"
    | "webRoot"
    | "sessions"
    | "publicUrl"
    | "tools"
    | "toolsCa"
    | "trustedProxies"
    | "oidc"
    | "llm"
  >,
  logger: ToolServerOptions["logger"] = { level: "info" },
): Promise<ToolServer> {
  const db = createPortalDatabase(config.database);
  const registry = new ToolRegistry(db, config.tools, { ca: config.toolsCa });
  const server = await createToolServer({
    manifest,
    database: config.database,
    webRoot: config.webRoot,
    pages: portalPages(db, registry),
    // The pages ask for the session themselves, and the sign-in page is one of them.
    publicWebApp: true,
    // Every route needs a signed-in session unless it declares otherwise.
    authenticate: requireUser,
    logger,
    // Behind a load balancer, the client's address (sign-in throttling, audit) is the one it names.
    trustedProxies: config.trustedProxies,
    // Invitation and password-reset links carry their one-time token in the path.
    secretPathPrefixes: ["/api/invitations/", "/invitation/"],
  });
  server.addHook("onClose", () => db.$disconnect());
  server.addHook("onClose", () => registry.close());
  const accessCache = await AccessCache.start(config.database, server.log);
  server.addHook("onClose", () => accessCache.close());
  await registerSessions(server, {
    db,
    accessCache,
    policy: config.sessions,
    secureCookie: config.sessions.secureCookie,
  });
  const signingKey = await loadSigningKey(db);
  const issuer = await createTokenIssuer({
    issuer: config.publicUrl,
    signingKey,
    ttlSeconds: USER_TOKEN_TTL_SECONDS,
  });
  server.decorate("userTokens", issuer);
  await server.register(jwksRoutes(issuer));

  await registry.register();
  server.addHook("onListen", () => {
    // Fill in the catalogue (names, descriptions) without holding up start-up.
    registry
      .checkAll()
      .catch((error: unknown) => server.log.warn({ err: error }, "could not check the tools"));
  });
  await registerGateway(server, {
    db,
    accessCache,
    registry,
    tokens: createToolTokenSource(issuer, USER_TOKEN_TTL_SECONDS),
    webRoot: config.webRoot,
    toolsCa: config.toolsCa,
    trustedProxies: config.trustedProxies,
  });
  const prefix = apiPrefix(manifest);
  await server.register(statusRoutes(db, { service: manifest.name, version: manifest.version }), {
    prefix,
  });
  await server.register(sessionRoutes(db, config.sessions.secureCookie), { prefix });
  await server.register(invitationRoutes(db), { prefix });
  await server.register(userAdminRoutes(db, config.publicUrl), { prefix });
  await server.register(auditRoutes(db), { prefix });
  await server.register(toolRoutes(db, registry, config.llm.models), { prefix });
  const responseCache = new PostgresResponseCache({
    url: config.database.url,
    schema: LLM_CACHE_SCHEMA,
  });
  server.addHook("onClose", () => responseCache.close());
  const gateway = new LlmGateway(db, config.llm, responseCache);
  await server.register(llmAdminRoutes(db, gateway, config.llm.provider?.kind ?? null), { prefix });
  const checkCaller = createCallerCheck({
    db,
    accessCache,
    registry,
    issuer: config.publicUrl,
    keys: issuer.jwks(),
  });
  await server.register(toolAuditRoutes({ db, checkCaller }), { prefix });
  await server.register(
    llmGatewayRoutes({
      gateway,
      checkCaller,
      jobTokens: await createTokenIssuer({
        issuer: config.publicUrl,
        signingKey,
        ttlSeconds: JOB_TOKEN_TTL_SECONDS,
      }),
    }),
    { prefix: `${prefix}/llm` },
  );
  await server.register(
    singleSignOnRoutes({
      db,
      oidc: config.oidc && {
        label: config.oidc.label,
        client: createOidcClient({
          ...config.oidc,
          redirectUri: new URL("/api/oidc/callback", config.publicUrl).toString(),
        }),
      },
      publicUrl: config.publicUrl,
      secureCookie: config.sessions.secureCookie,
    }),
    { prefix },
  );
  return server;
}
