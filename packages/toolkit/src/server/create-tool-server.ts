import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createTokenVerifier, type TokenVerifier } from "@bernard/auth";
import {
  createPool,
  DATABASE_TIMEOUTS,
  isDatabaseUnavailable,
  type AppDatabase,
} from "@bernard/database";
import helmet, { type HelmetOptions } from "helmet";
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
import type { PortalTrust, ProcessRole } from "../config.js";
import type { JobDefinition } from "../jobs/job-definition.js";
import { JobService } from "../jobs/job-service.js";
import type { ToolManifest } from "../manifest.js";
import { requestSerializer } from "./log-redaction.js";
import { registerErrorEnvelope, replyBadUrl } from "./plugins/error-envelope.js";
import { registerHealthRoutes, registerWorkerOnly } from "./plugins/health.js";
import { registerJobRoutes, type JobAccessRule } from "./plugins/job-routes.js";
import { registerOpenApi } from "./plugins/openapi.js";
import {
  registerAuthentication,
  userTokenAuthenticator,
  type Authenticator,
} from "./plugins/authentication.js";
import { registerNoStoreForJson, registerNulByteCheck } from "./plugins/request-hygiene.js";
import { registerWebApp, type WebPage } from "./plugins/web-app.js";
import "./types.js";

export interface ToolServerOptions {
  manifest: ToolManifest;
  /** The app's own database; enables the readiness check and jobs. */
  database?: AppDatabase;
  /** Background jobs this app defines (needs `database`). */
  jobs?: JobDefinition[];
  /**
   * What this process does (default `all`): a `web` replica serves requests and runs no jobs; a
   * `worker` runs jobs and answers only `/health` and `/ready`, every other route 404.
   */
  role?: ProcessRole;
  /**
   * Who may read, follow and cancel a job, by the tool's own access rule over the job's subject;
   * default: the person who started it, and admins.
   */
  canAccessJob?: JobAccessRule;
  /** Test knobs for job liveness (see JobServiceOptions). */
  jobTimings?: { heartbeatMs?: number; staleAfterMs?: number };
  /** Folder holding the app's built UI (index.html + assets), served under the base path. */
  webRoot?: string;
  /**
   * The UI's page routes under the base path (`/`, `/c/:id`…), which answer index.html; any
   * other page, or one whose `exists` check says no, answers 404 (with index.html, so the UI
   * shows its "Page not found").
   */
  pages?: WebPage[];
  /** The UI's files and pages need no authentication (the portal's: sign-in is one of them). */
  publicWebApp?: boolean;
  /**
   * How a tool authenticates: the portal whose signed user tokens every route needs, unless
   * the route says it is public (`config: { authentication: "public" }`).
   */
  portal?: PortalTrust;
  /** Checks user tokens some other way than fetching the portal's keys (tests). */
  verifyUserToken?: TokenVerifier;
  /** How an app that is not a tool authenticates every route (the portal: its session). */
  authenticate?: Authenticator;
  /**
   * Proxies in front of this server whose X-Forwarded-For, -Proto and -Host are believed:
   * addresses, CIDR ranges (`10.0.0.0/8`) or `loopback`, `linklocal`, `uniquelocal`. Default
   * none, so a client cannot choose the address it is seen from (`request.ip`) by sending one.
   */
  trustedProxies?: string[];
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
    genReqId: requestIdFor,
    return503OnClosing: true,
    trustProxy: options.trustedProxies?.length ? options.trustedProxies : false,
    frameworkErrors: replyBadUrl,
  }).withTypeProvider<ZodTypeProvider>();

  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  // Worked out once: helmet's twelve middlewares would otherwise run on every request.
  const securityHeaders = helmetHeaders({
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
  server.decorate("securityHeaders", securityHeaders);
  server.addHook("onRequest", (request, reply, done) => {
    reply.header("x-request-id", request.id);
    // On the raw response, so that routes which write it themselves (event streams) have them too.
    for (const [name, value] of securityHeaders) reply.raw.setHeader(name, value);
    done();
  });
  registerErrorEnvelope(server, bodyLimit);
  // Before any route exists, so that every route gets it.
  registerAuthentication(server, chooseAuthenticator(options));
  if (options.role === "worker") registerWorkerOnly(server);
  registerNulByteCheck(server);
  registerNoStoreForJson(server);
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
  if (jobs) registerJobRoutes(server, jobs, apiPrefix(manifest), options.canAccessJob);

  server.addHook("onReady", async () => {
    await jobs?.start();
  });
  server.addHook("onClose", async () => {
    await jobs?.stop();
    await pool?.end();
  });

  if (options.webRoot) {
    await server.after();
    await registerWebApp(server, {
      basePath: manifest.basePath,
      webRoot: options.webRoot,
      pages: options.pages ?? ["/"],
      isPublic: options.publicWebApp ?? false,
    });
  }
  return server;
}

/** A request's ID: the one the client (or the portal, for a tool) sent if it is sound, else a new one. */
export function requestIdFor(request: IncomingMessage): string {
  const incoming = request.headers["x-request-id"];
  return typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
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

/** Exactly one way to authenticate: the portal's user tokens (tools), or the app's own. */
function chooseAuthenticator(options: ToolServerOptions): Authenticator {
  const ways = [options.portal, options.verifyUserToken, options.authenticate].filter(Boolean);
  if (ways.length !== 1) {
    throw new Error(
      `${options.manifest.name}: pass createToolServer exactly one of "portal" (a tool), "verifyUserToken" (tests) or "authenticate"`,
    );
  }
  if (options.authenticate) return options.authenticate;
  return userTokenAuthenticator(
    options.verifyUserToken ??
      createTokenVerifier({
        issuer: options.portal!.issuer,
        audience: options.manifest.id,
        keys: new URL("/.well-known/jwks.json", options.portal!.url),
      }),
  );
}

function createJobs(server: FastifyInstance, options: ToolServerOptions): JobService | undefined {
  if (!options.jobs?.length) return undefined;
  if (!options.database)
    throw new Error('Jobs need a database: pass "database" to createToolServer');
  return new JobService({
    database: options.database,
    jobs: options.jobs,
    work: options.role !== "web",
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

/**
 * The headers helmet sets for these options, read once from a response that records them.
 * helmet's answer does not depend on the request (it also removes X-Powered-By, which Fastify
 * never sets).
 */
function helmetHeaders(options: HelmetOptions): [string, string][] {
  const headers: [string, string][] = [];
  const recorder = {
    setHeader: (name: string, value: string) => {
      headers.push([name, value]);
    },
    removeHeader: () => undefined,
  };
  let failure: Error | undefined;
  helmet(options)(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => (failure = error as Error | undefined),
  );
  if (failure) throw failure;
  return headers;
}
