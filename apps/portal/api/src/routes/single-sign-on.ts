import { OidcError, type OidcClient, type OidcFlow } from "@bernard/auth";
import { pageAfterSignIn } from "@bernard/auth/local-path";
import { signInMethodsSchema, singleSignOnStartQuery } from "@bernard/portal-contract";
import { PUBLIC_ROUTE, type ToolRoutes } from "@bernard/toolkit";
import { noContent } from "@bernard/toolkit/contract";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { setSessionCookie } from "../plugins/sessions.js";
import { recordAudit } from "../services/audit.js";
import type { PortalDatabase } from "../services/database.js";
import { endSession, startSession } from "../services/sessions.js";
import { accountForSingleSignOn, SingleSignOnRefused } from "../services/single-sign-on.js";

/** Holds the flow between leaving for the provider and coming back; nothing else reads it. */
const FLOW_COOKIE = "bernard_sso";
const FLOW_COOKIE_PATH = "/api/oidc";
const FLOW_MINUTES = 10;

const flowCookie = z.object({
  state: z.string(),
  nonce: z.string(),
  codeVerifier: z.string(),
  next: z.string(),
});

export interface SingleSignOnOptions {
  db: PortalDatabase;
  /** Undefined when no provider is configured: the sign-in page then offers passwords only. */
  oidc: { client: OidcClient; label: string } | undefined;
  publicUrl: string;
  secureCookie: boolean;
}

/**
 * Sign-in through the organisation's OpenID Connect provider. Problems send the person back to
 * the sign-in page with a code (`?problem=…`) that the page explains.
 */
export function singleSignOnRoutes(options: SingleSignOnOptions): ToolRoutes {
  const { db, oidc, secureCookie } = options;
  const cookieOptions = {
    httpOnly: true,
    secure: secureCookie,
    sameSite: "lax" as const,
    path: FLOW_COOKIE_PATH,
  };
  const backToSignIn = (reply: FastifyReply, problem: string) =>
    reply.redirect(`/sign-in?problem=${problem}`);

  return async (api) => {
    api.get(
      "/sign-in/methods",
      {
        config: PUBLIC_ROUTE,
        schema: {
          tags: ["session"],
          response: { 200: signInMethodsSchema },
        },
      },
      async () => ({ singleSignOn: oidc ? { label: oidc.label } : null }),
    );

    api.get(
      "/oidc/start",
      {
        config: PUBLIC_ROUTE,
        schema: {
          tags: ["session"],
          querystring: singleSignOnStartQuery,
          response: {
            302: noContent.describe("To the provider's sign-in, or back to the sign-in page"),
          },
        },
      },
      async (request, reply) => {
        if (!oidc) return backToSignIn(reply, "sso-off");
        let started: { url: URL; flow: OidcFlow };
        try {
          started = await oidc.client.start();
        } catch (error) {
          request.log.warn({ err: error }, "single sign-on provider unavailable");
          return backToSignIn(reply, "sso-unavailable");
        }
        const value = { ...started.flow, next: pageAfterSignIn(request.query.next) };
        reply.setCookie(FLOW_COOKIE, JSON.stringify(value), {
          ...cookieOptions,
          maxAge: FLOW_MINUTES * 60,
        });
        return reply.redirect(started.url.toString());
      },
    );

    api.get(
      "/oidc/callback",
      {
        config: PUBLIC_ROUTE,
        schema: {
          tags: ["session"],
          response: {
            302: noContent.describe(
              "To the page asked for, signed in; or back to the sign-in page",
            ),
          },
        },
      },
      async (request, reply) => {
        if (!oidc) return backToSignIn(reply, "sso-off");
        const flow = readFlow(request);
        reply.clearCookie(FLOW_COOKIE, cookieOptions);
        if (!flow) return backToSignIn(reply, "sso-expired");

        let user;
        try {
          const identity = await oidc.client.finish(new URL(request.url, options.publicUrl), flow);
          user = await accountForSingleSignOn(db, identity, request.ip);
        } catch (error) {
          if (error instanceof SingleSignOnRefused) return backToSignIn(reply, "sso-deactivated");
          if (!(error instanceof OidcError)) throw error;
          request.log.warn({ err: error }, "single sign-on failed");
          await recordAudit(db, {
            action: "sign-in.failed",
            ip: request.ip,
            details: { method: "single sign-on", reason: error.message },
          });
          return backToSignIn(reply, "sso-failed");
        }
        // A new session on every sign-in, so a session fixed before sign-in is worthless.
        if (request.session) await endSession(db, request.session.id);
        const { token } = await startSession(db, user.id, {
          ip: request.ip,
          userAgent: request.headers["user-agent"] ?? null,
        });
        setSessionCookie(reply, token, secureCookie);
        return reply.redirect(pageAfterSignIn(flow.next));
      },
    );
  };
}

function readFlow(request: FastifyRequest): z.infer<typeof flowCookie> | undefined {
  const raw = request.cookies[FLOW_COOKIE];
  if (!raw) return undefined;
  try {
    return flowCookie.parse(JSON.parse(raw));
  } catch {
    return undefined;
  }
}
