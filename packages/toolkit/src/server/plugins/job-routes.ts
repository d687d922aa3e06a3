import type { UserClaims } from "@bernard/auth";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../../errors.js";
import {
  jobSnapshotSchema,
  subjectJobSchema,
  type JobSnapshot,
  type JobSubject,
} from "../../contract/index.js";
import { FINISHED_STATES } from "../../jobs/job-store.js";
import type { JobService } from "../../jobs/job-service.js";

const params = z.object({ id: z.uuid({ message: "a job ID is a UUID" }) });
const subjectQuery = z.object({
  subjectKind: z
    .string({ message: "Say what kind of thing the job works on (subjectKind)" })
    .min(1),
  subjectId: z.string({ message: "Say which one the job works on (subjectId)" }).min(1),
  name: z.string().optional(),
});
const KEEP_ALIVE_MS = 15_000;

/**
 * Who may read, follow and cancel a job: the tool's own rule over what the job works on (for
 * the sorter, whoever may see the consultation). Asked with `startedBy: null` when a subject
 * has no job yet.
 */
export type JobAccessRule = (
  user: UserClaims,
  job: { subject: JobSubject | null; startedBy: string | null },
) => boolean | Promise<boolean>;

/** Without a rule of the tool's own: the person who started the job, and admins. */
export const starterOrAdmin: JobAccessRule = (user, job) =>
  user.roles.includes("admin") || (job.startedBy !== null && job.startedBy === user.sub);

/** Read, follow (Server-Sent Events) and cancel background jobs; find a subject's job. */
export function registerJobRoutes(
  server: FastifyInstance,
  jobs: JobService,
  prefix: string,
  canAccess: JobAccessRule = starterOrAdmin,
): void {
  const routes = server.withTypeProvider<ZodTypeProvider>();
  const findJob = (id: string, user: UserClaims | null) =>
    findAllowedJob(jobs, canAccess, id, user);

  routes.get(
    `${prefix}/jobs`,
    {
      schema: {
        tags: ["jobs"],
        description:
          "The subject's current job (queued or running), or else its latest; `job` is null if it never had one.",
        querystring: subjectQuery,
        response: { 200: subjectJobSchema },
      },
    },
    async (request) => {
      const { subjectKind, subjectId, name } = request.query;
      const subject = { kind: subjectKind, id: subjectId };
      const job = (await jobs.latestFor(subject, name)) ?? null;
      const allowed =
        !!request.user && (await canAccess(request.user, job ?? { subject, startedBy: null }));
      if (!allowed) throw AppError.notFound(`There is no ${subjectKind} with the ID ${subjectId}.`);
      return { job };
    },
  );

  routes.get(
    `${prefix}/jobs/:id`,
    { schema: { tags: ["jobs"], params, response: { 200: jobSnapshotSchema } } },
    async (request) => findJob(request.params.id, request.user),
  );

  routes.post(
    `${prefix}/jobs/:id/cancel`,
    { schema: { tags: ["jobs"], params, response: { 200: jobSnapshotSchema } } },
    async (request) => {
      await findJob(request.params.id, request.user);
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
      const first = await findJob(request.params.id, request.user);
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
 * A job, if the caller may see it by the tool's rule; one they may not (or a caller the server
 * knows no user for) answers as if it did not exist.
 */
async function findAllowedJob(
  jobs: JobService,
  canAccess: JobAccessRule,
  id: string,
  user: UserClaims | null,
): Promise<JobSnapshot> {
  const job = await jobs.get(id);
  if (!job || !user || !(await canAccess(user, job)))
    throw AppError.notFound(`There is no job with the ID ${id}.`);
  return job;
}
