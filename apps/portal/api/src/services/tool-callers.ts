import {
  createTokenVerifier,
  InvalidTokenError,
  peekToken,
  type JSONWebKeySet,
  type TokenVerifier,
} from "@bernard/auth";
import { AppError } from "@bernard/toolkit";
import type { AccessCache } from "./access-cache.js";
import type { PortalDatabase } from "./database.js";
import type { LlmCaller } from "./llm-gateway.js";
import type { ToolRegistry } from "./tool-registry.js";
import { findToolAccess, refusal } from "./tools.js";

/** The tool and person behind a token a tool called the portal with. */
export type ToolCaller = LlmCaller & { viaJobToken: boolean };
/** Checks a request's `Authorization` header. */
export type CallerCheck = (authorization: string | undefined) => Promise<ToolCaller>;

/** The audience of a job token: for the gateway only, never accepted by the tool's own routes. */
export const jobAudience = (toolId: string) => `${toolId}:llm-job`;

/**
 * Works out which tool, for which person, is calling the portal's LLM gateway, from the bearer
 * token: a user token the gateway signed for the tool (a request in progress), or a longer-lived
 * job token (background work). The person must still be active and allowed to use the tool.
 */
export function createCallerCheck(options: {
  db: PortalDatabase;
  accessCache: AccessCache;
  registry: ToolRegistry;
  issuer: string;
  keys: JSONWebKeySet;
}): CallerCheck {
  const verifiers = new Map<string, TokenVerifier>();
  const verifierFor = (audience: string) => {
    let verifier = verifiers.get(audience);
    if (!verifier) {
      verifier = createTokenVerifier({ issuer: options.issuer, audience, keys: options.keys });
      verifiers.set(audience, verifier);
    }
    return verifier;
  };

  return async (authorization) => {
    const token = authorization?.startsWith("Bearer ") ? authorization.slice(7) : undefined;
    if (!token) {
      throw new AppError(
        401,
        "UNAUTHENTICATED",
        "Call the gateway with the user token the portal gave the tool.",
      );
    }
    const audience = peekToken(token).audience ?? "";
    const viaJobToken = audience.endsWith(":llm-job");
    const toolId = viaJobToken ? audience.slice(0, -":llm-job".length) : audience;
    if (!options.registry.endpoint(toolId)) {
      throw new AppError(401, "UNAUTHENTICATED", "This token is not for a tool this portal knows.");
    }
    let claims;
    try {
      claims = await verifierFor(audience)(token);
    } catch (error) {
      if (error instanceof InvalidTokenError)
        throw new AppError(401, "UNAUTHENTICATED", error.message);
      throw error;
    }
    const user = await options.db.user.findUnique({
      where: { id: claims.sub },
      include: { groups: { include: { group: true } } },
    });
    if (!user?.active)
      throw new AppError(401, "UNAUTHENTICATED", "This person can no longer use Bernard.");
    const refused = refusal(await findToolAccess(options.db, options.accessCache, toolId), {
      user: { id: user.id, email: user.email, name: user.name, role: user.role },
      groups: user.groups.map(({ group }) => ({ id: group.id, name: group.name })),
    });
    if (refused) throw new AppError(403, "TOOL_UNAVAILABLE", `${refused} Ask your administrator.`);
    return { toolId, userId: user.id, userEmail: user.email, viaJobToken };
  };
}
