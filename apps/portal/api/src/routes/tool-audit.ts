import { exportRecordBody } from "@bernard/portal-contract";
import { AppError, type ToolRoutes } from "@bernard/toolkit";
import { noContent } from "@bernard/toolkit/contract";
import type { FastifyRequest } from "fastify";
import type { z } from "zod";
import { recordAudit } from "../services/audit.js";
import type { PortalDatabase } from "../services/database.js";
import type { LlmCaller } from "../services/llm-gateway.js";

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
    api.post<{ Body: z.infer<typeof exportRecordBody> }>(
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
        schema: { tags: ["audit"], body: exportRecordBody, response: { 204: noContent } },
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
