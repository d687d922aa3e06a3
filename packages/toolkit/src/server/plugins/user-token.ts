import { InvalidTokenError, type TokenVerifier } from "@bernard/auth";
import type { FastifyInstance } from "fastify";
import { AppError } from "../../errors.js";

/**
 * Every request under the tool's base path must carry the portal's signed user token
 * (`Authorization: Bearer …`); `/health` and `/ready` stay open for the launcher and probes.
 */
export function registerUserTokenCheck(
  server: FastifyInstance,
  options: { basePath: string; verify: TokenVerifier },
): void {
  server.decorateRequest("user", null);
  server.decorateRequest("userToken", null);
  server.addHook("onRequest", async (request) => {
    if (!request.url.startsWith(options.basePath)) return;
    const header = request.headers.authorization ?? "";
    const token = header.startsWith("Bearer ") ? header.slice("Bearer ".length) : undefined;
    if (!token) {
      throw new AppError(
        401,
        "UNAUTHENTICATED",
        "Open this tool from the Bernard portal: the request was not signed in.",
      );
    }
    try {
      request.user = await options.verify(token);
      request.userToken = token;
    } catch (error) {
      if (error instanceof InvalidTokenError)
        throw new AppError(401, "UNAUTHENTICATED", error.message);
      throw error;
    }
  });
}
