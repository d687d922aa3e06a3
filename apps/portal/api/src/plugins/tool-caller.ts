import { AppError } from "@bernard/toolkit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { CallerCheck, ToolCaller } from "../services/tool-callers.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The tool and person calling, on routes guarded by `toolCallerGuard`. */
    toolCaller: ToolCaller | null;
  }
}

/** Route config of routes tools call with a token, not a session: their guard checks it. */
export const CALLER_TOKEN = { authentication: "checked-by-route" } as const;

/**
 * The guard (an onRequest hook) for routes tools call with the user token of a request, or where
 * `accepts` says so a job token: it sets `request.toolCaller` before anything else runs, so a
 * caller without a valid token learns nothing from validation.
 */
export function toolCallerGuard(
  scope: FastifyInstance,
  checkCaller: CallerCheck,
  accepts: "user token" | "user or job token",
): (request: FastifyRequest) => Promise<void> {
  scope.decorateRequest("toolCaller", null);
  return async (request) => {
    const caller = await checkCaller(request.headers.authorization);
    if (caller.viaJobToken && accepts === "user token") {
      throw new AppError(
        401,
        "UNAUTHENTICATED",
        "Call with the user token of the request this is for, not a job token.",
      );
    }
    request.toolCaller = {
      ...caller,
      jobId: header(request, "x-bernard-job"),
      prompt: header(request, "x-bernard-prompt"),
    };
  };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === "string" && value.length <= 200 ? value : undefined;
}
