import { AppError, type ToolRoutes } from "@bernard/toolkit";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { recordAudit } from "../services/audit.js";
import type { PortalDatabase } from "../services/database.js";
import type { LlmCaller } from "../services/llm-gateway.js";

const exportBody = z.object({
  what: z.string().trim().min(1, "Say what was exported").max(300),
  file: z.string().trim().min(1, "Give the file's name").max(300),
});

/**
 * Tools record in the portal's audit log what people download from them, calling with the user
 * token of the request (checked as the LLM gateway checks its callers), so the entry names the
 * person and the tool from the token, never from what the tool says.
 */
export function toolAuditRoutes(options: {
  db: PortalDatabase;
  checkCaller: (authorization: string | undefined) => Promise<LlmCaller & { viaJobToken: boolean }>;
}): ToolRoutes {
  const callers = new WeakMap<FastifyRequest, LlmCaller>();
  return async (api) => {
    api.post<{ Body: z.infer<typeof exportBody> }>(
      "/audit/exports",
      {
        // Tools call with the user token of the request, checked before anything else (as the
        // LLM gateway checks its callers), so a caller without one learns nothing from validation.
        config: { authentication: "checked-by-route" },
        onRequest: async (request) => {
          const caller = await options.checkCaller(request.headers.authorization);
          if (caller.viaJobToken) {
            throw new AppError(
              401,
              "UNAUTHENTICATED",
              "Record an export with the user token of the request that made it, not a job token.",
            );
          }
          callers.set(request, caller);
        },
        schema: { tags: ["audit"], body: exportBody },
      },
      async (request, reply) => {
        const caller = callers.get(request)!;
        await recordAudit(options.db, {
          action: "export",
          actor: { id: caller.userId, email: caller.userEmail },
          target: caller.toolId,
          ip: request.ip,
          details: { what: request.body.what, file: request.body.file },
        });
        return reply.code(204).send();
      },
    );
  };
}
