import type { UserClaims } from "@bernard/auth";
import type { JobService } from "../jobs/job-service.js";

declare module "fastify" {
  interface FastifyInstance {
    /** The app's background jobs (present when createToolServer was given jobs). */
    jobs: JobService;
    /** The security headers every answer carries (set by the toolkit on each request). */
    securityHeaders: readonly (readonly [string, string])[];
  }
  interface FastifyRequest {
    /** Who made the request, from the portal's signed token (null on a public route, and in an app that is not a tool). */
    user: UserClaims | null;
    /**
     * The token itself, to call the portal's LLM gateway as this person
     * (`gatewayProvider(portal.url, request.userToken)` from @bernard/llm).
     */
    userToken: string | null;
  }
  interface FastifyContextConfig {
    /** The route serves the app's built UI (set by the toolkit), which needs no session or database. */
    webAppFile?: boolean;
  }
}
