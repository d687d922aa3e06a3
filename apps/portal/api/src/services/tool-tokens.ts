import type { TokenIssuer, UserClaims } from "@bernard/auth";
import type { ActiveSession } from "./sessions.js";

/** A token is reused until this long before it expires, so a tool never receives a stale one. */
const REUSE_MARGIN_SECONDS = 60;
const MAX_CACHED = 10_000;

export type ToolTokenSource = (session: ActiveSession, toolId: string) => Promise<string>;

/** What a tool is told about the person calling it. */
export function claimsFor(session: ActiveSession): UserClaims {
  return {
    sub: session.user.id,
    name: session.user.name,
    email: session.user.email,
    roles: [session.user.role],
    groups: session.groups.map((group) => group.name).sort(),
  };
}

/**
 * Signs the user token the gateway adds to each request for a tool. Signing costs more than the
 * rest of the proxying, so a token is reused for the same session, tool and claims while fresh.
 */
export function createToolTokenSource(issuer: TokenIssuer, ttlSeconds: number): ToolTokenSource {
  const reuseMs = Math.max(0, ttlSeconds - REUSE_MARGIN_SECONDS) * 1000;
  const cache = new Map<string, { token: string; reuseUntil: number }>();
  return async (session, toolId) => {
    const claims = claimsFor(session);
    const key = `${session.id}\n${toolId}\n${JSON.stringify(claims)}`;
    const cached = cache.get(key);
    if (cached && cached.reuseUntil > Date.now()) return cached.token;
    const token = await issuer.issue(claims, toolId);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, { token, reuseUntil: Date.now() + reuseMs });
    return token;
  };
}
