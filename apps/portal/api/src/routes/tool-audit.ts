import { exportRecordBody } from "@bernard/portal-contract";
import type { ToolRoutes } from "@bernard/toolkit";
import { noContent } from "@bernard/toolkit/contract";
import type { z } from "zod";
import { CALLER_TOKEN, toolCallerGuard } from "../plugins/tool-caller.js";
import { recordAudit } from "../services/audit.js";
import type { PortalDatabase } from "../services/database.js";
import type { CallerCheck } from "../services/tool-callers.js";

/**
 * Tools record in the portal's audit log what people download from them, calling with the user
 * token of the request (checked as the LLM gateway checks its callers), so the entry names the
 * person and the tool from the token, never from what the tool says.
 */
export function toolAuditRoutes(options: {
  db: PortalDatabase;
  checkCaller: CallerCheck;
}): ToolRoutes {
  return async (api) => {
    api.post<{ Body: z.infer<typeof exportRecordBody> }>(
      "/audit/exports",
      {
        config: CALLER_TOKEN,
        onRequest: toolCallerGuard(api, options.checkCaller, "user token"),
        schema: { tags: ["audit"], body: exportRecordBody, response: { 204: noContent } },
      },
      async (request, reply) => {
        const caller = request.toolCaller!;
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
