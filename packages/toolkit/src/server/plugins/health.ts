import type { FastifyInstance } from "fastify";
import type pg from "pg";
import { z } from "zod";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { toolManifestSchema, type ToolManifest } from "../../manifest.js";
import { PUBLIC_ROUTE } from "./authentication.js";
import { replyNotFound } from "./error-envelope.js";

const healthResponse = z.object({ status: z.literal("ok"), tool: z.string(), version: z.string() });
const readyResponse = z.object({
  status: z.enum(["ready", "unavailable"]),
  checks: z.object({ database: z.enum(["up", "down", "not used"]) }),
});

/**
 * `/health` answers while the process runs; `/ready` only while it can also reach its database;
 * `/manifest` tells the portal's tool registry what this tool is. All three are public: the
 * launcher, probes and the portal call them without signing in.
 */
export function registerHealthRoutes(
  server: FastifyInstance,
  options: { manifest: ToolManifest; pool: pg.Pool | undefined },
): void {
  const { manifest } = options;
  const routes = server.withTypeProvider<ZodTypeProvider>();
  routes.get(
    "/health",
    {
      config: PUBLIC_ROUTE,
      schema: { tags: ["operations"], response: { 200: healthResponse } },
      logLevel: "warn",
    },
    () => ({ status: "ok" as const, tool: manifest.id, version: manifest.version }),
  );
  routes.get(
    "/manifest",
    {
      config: PUBLIC_ROUTE,
      schema: { tags: ["operations"], response: { 200: toolManifestSchema } },
      logLevel: "warn",
    },
    () => manifest,
  );
  routes.get(
    "/ready",
    {
      config: PUBLIC_ROUTE,
      schema: { tags: ["operations"], response: { 200: readyResponse, 503: readyResponse } },
      logLevel: "warn",
    },
    async (_request, reply) => {
      if (!options.pool)
        return { status: "ready" as const, checks: { database: "not used" as const } };
      try {
        await options.pool.query("SELECT 1");
        return { status: "ready" as const, checks: { database: "up" as const } };
      } catch {
        return reply.code(503).send({ status: "unavailable", checks: { database: "down" } });
      }
    },
  );
}

/** What a worker process answers: its health checks, for the launcher and probes. */
const WORKER_ROUTES = new Set(["/health", "/ready"]);

/**
 * A worker process (`BERNARD_ROLE=worker`) runs jobs and serves nothing else: every route but its
 * health checks answers 404, judged on the route the router matched.
 */
export function registerWorkerOnly(server: FastifyInstance): void {
  server.addHook("onRequest", async (request, reply) => {
    if (!WORKER_ROUTES.has(request.routeOptions.url ?? "")) return replyNotFound(request, reply);
  });
}
