import type { UserClaims } from "@bernard/auth";
import type { AppDatabase } from "@bernard/database";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { z } from "zod";
import { meSchema, type Me } from "../contract/index.js";
import { readToolConfig, type ToolConfig } from "../config.js";
import type { ToolManifest } from "../manifest.js";
import { createPortalAudit, type PortalAudit } from "../portal-audit.js";
import { requireAccessGuards } from "../sharing/guard.js";
import { personOf } from "../sharing/rule.js";
import {
  apiPrefix,
  createToolServer,
  type ToolServer,
  type ToolServerOptions,
} from "./create-tool-server.js";
import { listenUntilStopped } from "./listen.js";

/** What a tool's `buildServer` is given, by its main.ts or its tests, beside its own settings. */
export type ToolAppOptions = Pick<
  ToolServerOptions,
  "portal" | "verifyUserToken" | "webRoot" | "logger" | "role"
> & {
  database: AppDatabase;
  /** The portal's audit log, where every download is recorded (tests without a portal omit it). */
  portalAudit?: PortalAudit | undefined;
};

/**
 * A tool's server: the toolkit's (createToolServer), then the tool's routes under its API prefix,
 * where a route with an `:id` that names no access guard fails to register (the toolkit's job
 * routes, added before, follow `canAccessJob`). The tool's database client closes with it.
 */
export async function createToolApp(
  options: ToolServerOptions & {
    /** The tool's database client. */
    db: { $disconnect(): Promise<void> };
    /** Adds the tool's routes; each is under `apiPrefix(manifest)`. */
    routes: (api: ToolServer) => Promise<void>;
    /** What the tool's `GET <api>/me` says of the person beyond `meSchema`, with its schema. */
    me?: AboutMe;
  },
): Promise<ToolServer> {
  const { db, routes, me, ...serverOptions } = options;
  const server = await createToolServer(serverOptions);
  server.addHook("onClose", () => db.$disconnect());
  requireAccessGuards(server);
  await server.register(meRoute(me), { prefix: apiPrefix(options.manifest) });
  await server.register(routes, { prefix: apiPrefix(options.manifest) });
  return server;
}

export interface AboutMe {
  /** `meSchema` extended with what `more` adds. */
  schema: z.ZodType<Me>;
  more: (user: UserClaims) => Promise<Record<string, unknown>>;
}

/** Every tool's `GET <api>/me`: who is signed in, for its pages (sharing, admin-only parts). */
const meRoute =
  (about: AboutMe | undefined): FastifyPluginAsyncZod =>
  async (api) => {
    api.get(
      "/me",
      { schema: { response: { 200: about?.schema ?? meSchema } } },
      async (request) => ({
        ...personOf(request.user!),
        ...(await about?.more(request.user!)),
      }),
    );
  };

/**
 * A tool's main.ts: its settings read from `env` (a bad one stops it, named), its server built
 * with them, its UI from `webRoot` and the portal's audit log, listening until SIGINT or SIGTERM.
 */
export async function runTool(
  manifest: ToolManifest,
  env: Record<string, string | undefined>,
  where: { defaultPort: number; webRoot: string },
  buildServer: (options: ToolAppOptions, config: ToolConfig) => Promise<ToolServer>,
): Promise<void> {
  const config = readToolConfig(manifest, env, { port: where.defaultPort });
  const server = await buildServer(
    {
      database: config.database,
      portal: config.portal,
      portalAudit: createPortalAudit(config.portal.url),
      webRoot: where.webRoot,
      logger: { level: config.logLevel },
      role: config.role,
    },
    config,
  );
  await listenUntilStopped(server, { port: config.port, host: config.host });
}
