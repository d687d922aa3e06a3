import type { UserClaims } from "@bernard/auth";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../../errors.js";
import { FINISHED_STATES, JOB_STATES, type JobSnapshot } from "../../jobs/job-store.js";
import type { JobService } from "../../jobs/job-service.js";

export const jobSnapshotSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: z.enum(JOB_STATES),
  progress: z.object({
    stage: z.string(),
    done: z.number(),
    total: z.number(),
    message: z.string().optional(),
  }),
  attempt: z.number(),
  result: z.unknown(),
  error: z.string().nullable(),
  startedBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const params = z.object({ id: z.uuid({ message: "a job ID is a UUID" }) });
const KEEP_ALIVE_MS = 15_000;

/** Read, follow (Server-Sent Events) and cancel background jobs. */
export function registerJobRoutes(server: FastifyInstance, jobs: JobService, prefix: string): void {
  const routes = server.withTypeProvider<ZodTypeProvider>();

  routes.get(
    `${prefix}/jobs/:id`,
    { schema: { tags: ["jobs"], params, response: { 200: jobSnapshotSchema } } },
    async (request) => findJob(jobs, request.params.id, request.user),
  );

  routes.post(
    `${prefix}/jobs/:id/cancel`,
    { schema: { tags: ["jobs"], params, response: { 200: jobSnapshotSchema } } },
    async (request) => {
      await findJob(jobs, request.params.id, request.user);
      return jobs.cancel(request.params.id);
    },
  );

  routes.get(
    `${prefix}/jobs/:id/events`,
    {
      schema: {
        tags: ["jobs"],
        params,
        description:
          "A text/event-stream of `progress` events, each a job snapshot; it ends when the job finishes.",
      },
    },
    async (request, reply) => {
      const first = await findJob(jobs, request.params.id, request.user);
      reply.hijack();
      const stream = reply.raw;
      stream.writeHead(200, {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-cache, no-transform",
        Connection: "keep-alive",
        "X-Accel-Buffering": "no",
      });
      let lastSent = "";
      const send = (job: JobSnapshot) => {
        const data = JSON.stringify(job);
        if (data === lastSent) return;
        lastSent = data;
        stream.write(`event: progress\ndata: ${data}\n\n`);
        if (FINISHED_STATES.includes(job.state)) close();
      };
      const keepAlive = setInterval(() => stream.write(": keep-alive\n\n"), KEEP_ALIVE_MS);
      const unsubscribe = jobs.watch(first.id, send);
      const close = () => {
        clearInterval(keepAlive);
        unsubscribe();
        stream.end();
      };
      request.raw.on("close", close);
      send(first);
      // A change between the first read and subscribing would otherwise be missed.
      const latest = await jobs.get(first.id);
      if (latest) send(latest);
    },
  );
}

/**
 * A job, if the caller may see it: only the person who started it, or an admin; a job someone
 * else started (or a caller the server knows no user for) answers as if it did not exist.
 */
async function findJob(
  jobs: JobService,
  id: string,
  user: UserClaims | null,
): Promise<JobSnapshot> {
  const job = await jobs.get(id);
  const allowed = !!user && (user.roles.includes("admin") || job?.startedBy === user.sub);
  if (!job || !allowed) throw AppError.notFound(`There is no job with the ID ${id}.`);
  return job;
}
