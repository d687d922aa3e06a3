import type { ToolRoutes } from "@bernard/toolkit";
import { AppError, PUBLIC_ROUTE } from "@bernard/toolkit";
import { noContent } from "@bernard/toolkit/contract";
import { changePasswordBody, portalSessionSchema, signInBody } from "@bernard/portal-contract";
import { clearSessionCookie, setSessionCookie } from "../plugins/sessions.js";
import { recordAudit } from "../services/audit.js";
import type { PortalDatabase } from "../services/database.js";
import { endAllSessions, endSession, startSession } from "../services/sessions.js";
import { checkCredentials } from "../services/sign-in.js";
import { changeOwnPassword } from "../services/users.js";

/** Signing in and out. */
export function sessionRoutes(db: PortalDatabase, secureCookie: boolean): ToolRoutes {
  return async (api) => {
    api.get(
      "/session",
      {
        schema: { tags: ["session"], response: { 200: portalSessionSchema } },
      },
      async (request) => ({ user: request.session!.user, csrfToken: request.session!.csrfToken }),
    );

    api.post(
      "/session",
      {
        config: PUBLIC_ROUTE,
        schema: { tags: ["session"], body: signInBody, response: { 200: portalSessionSchema } },
      },
      async (request, reply) => {
        assertSameOrigin(request.headers.origin, request.headers.host);
        const user = await checkCredentials(db, { ...request.body, ip: request.ip });
        // A new session on every sign-in, so a session fixed before sign-in is worthless.
        if (request.session) await endSession(db, request.session.id);
        const { token, session } = await startSession(db, user.id, {
          ip: request.ip,
          userAgent: request.headers["user-agent"] ?? null,
        });
        setSessionCookie(reply, token, secureCookie);
        return { user: session.user, csrfToken: session.csrfToken };
      },
    );

    api.delete(
      "/session",
      { schema: { tags: ["session"], response: { 204: noContent } } },
      async (request, reply) => {
        const { id, user } = request.session!;
        await endSession(db, id);
        await recordAudit(db, {
          action: "sign-out",
          actor: user,
          target: user.email,
          ip: request.ip,
        });
        clearSessionCookie(reply, secureCookie);
        return reply.code(204).send();
      },
    );

    api.post(
      "/session/password",
      {
        schema: {
          tags: ["session"],
          body: changePasswordBody,
          response: { 204: noContent },
        },
      },
      async (request, reply) => {
        await changeOwnPassword(db, {
          userId: request.session!.user.id,
          currentSessionId: request.session!.id,
          ...request.body,
          ip: request.ip,
        });
        return reply.code(204).send();
      },
    );

    api.post(
      "/session/sign-out-everywhere",
      { schema: { tags: ["session"], response: { 204: noContent } } },
      async (request, reply) => {
        const { user } = request.session!;
        const ended = await endAllSessions(db, user.id);
        await recordAudit(db, {
          action: "sign-out.everywhere",
          actor: user,
          target: user.email,
          ip: request.ip,
          details: { sessions: ended },
        });
        clearSessionCookie(reply, secureCookie);
        return reply.code(204).send();
      },
    );
  };
}

/**
 * A sign-in form posted from another site is refused (login CSRF). An Origin that is not a URL
 * of this site (`null` from a sandboxed frame or a cross-site redirect, or garbage) is refused too.
 */
function assertSameOrigin(origin: string | undefined, host: string | undefined): void {
  if (origin === undefined) return;
  if (!host || URL.parse(origin)?.host !== host) {
    throw new AppError(403, "CROSS_SITE_REQUEST", "Sign in from Bernard's own sign-in page.");
  }
}
