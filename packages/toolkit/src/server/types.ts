import type { JobService } from "../jobs/job-service.js";

declare module "fastify" {
  interface FastifyInstance {
    /** The app's background jobs (present when createToolServer was given jobs). */
    jobs: JobService;
  }
}
