import type { IncomingHttpHeaders } from "node:http";
import cookie from "@fastify/cookie";
import { pageAfterSignIn } from "@bernard/auth/local-path";
import { AppError, sendPage } from "@bernard/toolkit";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AccessCache } from "../services/access-cache.js";
import type { PortalDatabase } from "../services/database.js";
import { findSession, type ActiveSession, type SessionPolicy } from "../services/sessions.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in person's session, or null. */
    session: ActiveSession | null;
  }
  interface FastifyInstance {
    /** Finds the session behind the request's cookie (pages are served without, unless guarded). */
    lookUpSession: (request: FastifyRequest) => Promise<ActiveSession | null>;
    /** The session a session cookie's token stands for, or null. */
    sessionForToken: (token: string | undefined) => Promise<ActiveSession | null>;
  }
}

export const SESSION_COOKIE = "bernard_session";
const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface SessionOptions {
  db: PortalDatabase;
  accessCache: AccessCache;
  policy: SessionPolicy;
  /** Secure cookies (HTTPS only; browsers also allow them on localhost). */
  secureCookie: boolean;
}

/**
 * Finds the session behind the cookie on every request, and refuses a state-changing request
 * from a signed-in browser unless it carries that session's CSRF token (`x-csrf-token`).
 */
export async function registerSessions(
  server: FastifyInstance,
  options: SessionOptions,
): Promise<void> {
  await server.register(cookie);
  server.decorateRequest("session", null);
  server.decorate("sessionForToken", async (token: string | undefined) =>
    token
      ? ((await findSession(options.db, options.accessCache, token, options.policy)) ?? null)
      : null,
  );
  server.decorate("lookUpSession", async (request: FastifyRequest) => {
    request.session = await server.sessionForToken(request.cookies[SESSION_COOKIE]);
    return request.session;
  });
  server.addHook("onRequest", async (request) => {
    // The UI's files (and its pages, the not-found fallback) are the same for everyone, so they
    // are served without a lookup, and while the database is away; the page then asks /api/session.
    if (request.routeOptions.config.webAppFile || request.is404) return;
    await server.lookUpSession(request);
    if (request.session && !isSignIn(request)) {
      if (!passesCsrfCheck(request.method, request.headers, request.session)) {
        throw new AppError(
          403,
          "CSRF_TOKEN_INVALID",
          "This page has expired. Refresh the page and try again.",
        );
      }
    }
  });
  // A change this process makes (signing out, deactivating, a tool's access) is applied to its
  // own cache before the answer goes back, so the next request sees it. Proxied tool requests
  // cannot change who may do what, and are spared the round trip.
  server.addHook("onSend", async (request) => {
    if (UNSAFE_METHODS.has(request.method) && !request.routeOptions.url?.startsWith("/tools/")) {
      await options.accessCache.sync();
    }
  });
}

/** A state-changing request from a signed-in browser must carry that session's CSRF token. */
export function passesCsrfCheck(
  method: string,
  headers: IncomingHttpHeaders,
  session: ActiveSession,
): boolean {
  return !UNSAFE_METHODS.has(method) || headers["x-csrf-token"] === session.csrfToken;
}

/** Signing in carries no CSRF token yet; judged on the route the router matched, not the URL's spelling. */
function isSignIn(request: FastifyRequest): boolean {
  return request.method === "POST" && request.routeOptions.url === "/api/session";
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, secure, sameSite: "lax", path: "/" });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, secure, sameSite: "lax", path: "/" });
}

/** Route guard (an onRequest hook, so nobody learns anything from validation before it): only signed-in people. */
export async function requireUser(request: FastifyRequest): Promise<void> {
  if (!request.session) throw new AppError(401, "UNAUTHENTICATED", "Sign in to continue.");
}

/**
 * Page guard for the admin pages: whether a user or tool an address names exists is checked for
 * admins only. Anyone else gets the same answer whatever the address: sign in first, or 403.
 */
export async function adminPage(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const session = await request.server.lookUpSession(request);
  if (!session) {
    await reply.redirect(`/sign-in?next=${encodeURIComponent(pageAfterSignIn(request.url))}`);
    return;
  }
  if (session.user.role !== "admin") await sendPage(reply, 403);
}

/** Route guard: only signed-in admins. */
export async function requireAdmin(request: FastifyRequest): Promise<void> {
  await requireUser(request);
  if (request.session!.user.role !== "admin") {
    throw new AppError(403, "FORBIDDEN", "You need to be an administrator to do this.");
  }
}
