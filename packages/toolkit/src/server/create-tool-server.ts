import { randomUUID } from "node:crypto";
import { createTokenVerifier, type TokenVerifier } from "@bernard/auth";
import helmet from "@fastify/helmet";
import {
  createPool,
  DATABASE_TIMEOUTS,
  isDatabaseUnavailable,
  type AppDatabase,
} from "@bernard/database";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from "fastify";
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type pg from "pg";
import type { PortalTrust } from "../config.js";
import type { JobDefinition } from "../jobs/job-definition.js";
import { JobService } from "../jobs/job-service.js";
import type { ToolManifest } from "../manifest.js";
import { requestSerializer } from "./log-redaction.js";
import { registerErrorEnvelope } from "./plugins/error-envelope.js";
import { registerHealthRoutes } from "./plugins/health.js";
import { registerJobRoutes } from "./plugins/job-routes.js";
import { registerOpenApi } from "./plugins/openapi.js";
import { registerUserTokenCheck } from "./plugins/user-token.js";
import { registerWebApp } from "./plugins/web-app.js";
import "./types.js";

export interface ToolServerOptions {
  manifest: ToolManifest;
  /** The app's own database; enables the readiness check and jobs. */
  database?: AppDatabase;
  /** Background jobs this app defines (needs `database`). */
  jobs?: JobDefinition[];
  /** Whether this process also runs the jobs (default true); false for an API-only replica. */
  runJobs?: boolean;
  /** Test knobs for job liveness (see JobServiceOptions). */
  jobTimings?: { heartbeatMs?: number; staleAfterMs?: number };
  /** Folder holding the app's built UI (index.html + assets), served under the base path. */
  webRoot?: string;
  /**
   * The portal whose user tokens every request under the base path must carry (tools set this;
   * the portal, which holds the sessions, does not).
   */
  portal?: PortalTrust;
  /** Checks user tokens some other way than fetching the portal's keys (tests). */
  verifyUserToken?: TokenVerifier;
  /** Largest request body accepted, in bytes (default 10 MiB). */
  bodyLimit?: number;
  /** Pino logger options, or false in tests that want silence (default: JSON at info level). */
  logger?: FastifyServerOptions["logger"];
  /**
   * Paths whose next segment is a secret, kept out of the logs, e.g. `/api/invitations/` for
   * `/api/invitations/<token>`. Secret query parameters (`code`, `state`, `token`…) always are.
   */
  secretPathPrefixes?: string[];
}

export type ToolServer = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

const DEFAULT_BODY_LIMIT = 10 * 1024 * 1024;
const REQUEST_ID = /^[\w-]{8,64}$/;

/**
 * A Fastify 5 server with everything a Bernard app shares: zod validation and OpenAPI docs,
 * health and readiness, request-scoped JSON logs, one error envelope, security headers, body
 * limits, durable jobs, and the app's UI. The app adds its own routes under `apiPrefix(manifest)`.
 */
export async function createToolServer(options: ToolServerOptions): Promise<ToolServer> {
  const { manifest } = options;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const server = Fastify({
    logger: options.logger === false ? false : loggerOptions(options),
    bodyLimit,
    requestIdHeader: false,
    genReqId: (request) => {
      const incoming = request.headers["x-request-id"];
      return typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  server.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  registerErrorEnvelope(server, bodyLimit);
  const verify =
    options.verifyUserToken ??
    (options.portal &&
      createTokenVerifier({
        issuer: options.portal.issuer,
        audience: manifest.id,
        keys: new URL("/.well-known/jwks.json", options.portal.url),
      }));
  if (verify) registerUserTokenCheck(server, { basePath: manifest.basePath, verify });
  await server.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
  });
  await registerOpenApi(server, manifest);

  const pool: pg.Pool | undefined = options.database
    ? createPool(options.database, {
        max: 2,
        connectionTimeoutMillis: DATABASE_TIMEOUTS.readyCheckMs,
        query_timeout: DATABASE_TIMEOUTS.readyCheckMs,
      })
    : undefined;
  pool?.on("error", (error) => server.log.warn({ err: error }, "database connection lost"));
  registerHealthRoutes(server, { manifest, pool });

  const jobs = createJobs(server, options);
  server.decorate("jobs", {
    getter() {
      if (!jobs)
        throw new Error(
          `${manifest.name} has no jobs: pass "jobs" and "database" to createToolServer`,
        );
      return jobs;
    },
  });
  if (jobs) registerJobRoutes(server, jobs, apiPrefix(manifest));

  server.addHook("onReady", async () => {
    await jobs?.start();
  });
  server.addHook("onClose", async () => {
    await jobs?.stop();
    await pool?.end();
  });

  if (options.webRoot) {
    await server.after();
    await registerWebApp(server, { basePath: manifest.basePath, webRoot: options.webRoot });
  }
  return server;
}

/** The app's logger options, always with secrets kept out of what is written. */
function loggerOptions(options: ToolServerOptions): FastifyServerOptions["logger"] {
  const chosen = typeof options.logger === "object" ? options.logger : {};
  return {
    level: "info",
    ...chosen,
    redact: ["req.headers.authorization", "req.headers.cookie"],
    serializers: {
      ...chosen.serializers,
      req: requestSerializer(options.secretPathPrefixes ?? []),
    },
  };
}

function createJobs(server: FastifyInstance, options: ToolServerOptions): JobService | undefined {
  if (!options.jobs?.length) return undefined;
  if (!options.database)
    throw new Error('Jobs need a database: pass "database" to createToolServer');
  return new JobService({
    database: options.database,
    jobs: options.jobs,
    work: options.runJobs ?? true,
    ...options.jobTimings,
    // While the database is away every poll fails the same way: a warning, not an error each time.
    onError: (error) =>
      isDatabaseUnavailable(error)
        ? server.log.warn({ err: error }, "job runner cannot reach the database")
        : server.log.error({ err: error }, "job runner error"),
  });
}

/** Where an app's API routes live: `<basePath>api`, e.g. /tools/minutes/api. */
export function apiPrefix(manifest: ToolManifest): string {
  return `${manifest.basePath}api`;
}
