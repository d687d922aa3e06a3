import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import multipart from "@fastify/multipart";
import {
  AppError,
  jobSnapshotSchema,
  type PortalAudit,
  type ToolRoutes,
  type UserClaims,
} from "@bernard/toolkit";
import { sendDownload } from "@bernard/toolkit/exports";
import { z } from "zod";
import { withTempFile } from "@bernard/toolkit/uploads";
import { columnMappingSchema } from "../jobs/import-responses.js";
import {
  addQuestion,
  createConsultation,
  findConsultation,
  listConsultations,
  shareConsultation,
} from "../services/consultations.js";
import type { Viewer } from "../services/access.js";
import { consultationGuards } from "../plugins/consultation-access.js";
import type { ToolDatabase } from "../services/database.js";
import {
  exportCsv,
  exportWorkbook,
  gather,
  listExports,
  recordExport,
} from "../services/exports.js";
import { reportFrom } from "../services/report.js";
import { listThemes } from "../services/themes.js";
import { previewUpload, saveUpload, type UploadFiles } from "../services/uploads.js";

/** Largest file accepted: 100,000 long answers fit well within it. */
export const UPLOAD_LIMIT_BYTES = 100 * 1024 * 1024;

const question = z.object({
  id: z.string(),
  number: z.number(),
  text: z.string(),
  hasClosedPart: z.boolean(),
  responses: z.number(),
});
const consultation = z.object({
  id: z.string(),
  title: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
  openToEveryone: z.boolean(),
  sharedWith: z.array(z.string()),
  opensOn: z.string().nullable(),
  closesOn: z.string().nullable(),
  respondents: z.number(),
  questions: z.array(question),
});
const preview = z.object({
  uploadId: z.string(),
  fileName: z.string(),
  format: z.enum(["csv", "xlsx", "jsonl"]),
  encoding: z.string().optional(),
  columns: z.array(z.string()),
  rows: z.array(z.record(z.string(), z.string())),
});
const date = z.iso.date("Enter a real date, like 2026-03-31").optional();
const params = z.object({ id: z.uuid("There is no such consultation") });
/** Who besides its owner may see a consultation. */
const sharing = z.object({
  openToEveryone: z.boolean(),
  sharedWith: z.array(z.string().trim().min(1).max(200)).max(50),
});
const viewer = (request: { user: UserClaims | null }): Viewer => ({
  id: request.user!.sub,
  groups: request.user!.groups,
});

/** Consultations, their questions, and importing responses from uploaded files. */
export function consultationRoutes(
  db: ToolDatabase,
  files: UploadFiles,
  portalAudit: PortalAudit | undefined,
): ToolRoutes {
  const { canSee } = consultationGuards(db);
  return async (api) => {
    await api.register(multipart, { limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1 } });

    api.get(
      "/consultations",
      { schema: { response: { 200: z.array(consultation) } } },
      async (request) => listConsultations(db, viewer(request)),
    );

    api.get(
      "/me",
      {
        schema: {
          response: {
            200: z.object({ id: z.string(), name: z.string(), groups: z.array(z.string()) }),
          },
        },
      },
      async (request) => ({
        id: request.user!.sub,
        name: request.user!.name,
        groups: request.user!.groups,
      }),
    );

    api.put(
      "/consultations/:id/sharing",
      {
        preValidation: canSee("consultation"),
        schema: { params, body: sharing, response: { 200: consultation } },
      },
      async (request) => shareConsultation(db, request.params.id, request.body, viewer(request)),
    );

    api.post(
      "/consultations",
      {
        schema: {
          body: z
            .object({
              title: z
                .string()
                .trim()
                .min(1, "Enter the consultation's title")
                .max(200, "Title must be 200 characters or fewer"),
              opensOn: date,
              closesOn: date,
            })
            .extend(sharing.partial().shape),
          response: { 201: consultation },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await createConsultation(db, request.body, {
            id: request.user!.sub,
            name: request.user!.name,
          }),
        ),
    );

    api.get(
      "/consultations/:id",
      {
        preValidation: canSee("consultation"),
        schema: { params, response: { 200: consultation } },
      },
      async (request) => findConsultation(db, request.params.id),
    );

    api.post(
      "/consultations/:id/questions",
      {
        preValidation: canSee("consultation"),
        schema: {
          params,
          body: z.object({
            text: z
              .string()
              .trim()
              .min(1, "Enter the question")
              .max(2_000, "Question must be 2,000 characters or fewer"),
            hasClosedPart: z.boolean().default(false),
          }),
          response: { 201: consultation },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await addQuestion(db, request.params.id, request.body)),
    );

    api.post(
      "/consultations/:id/uploads",
      { preValidation: canSee("consultation"), schema: { params, response: { 201: preview } } },
      async (request, reply) => {
        const file = await request.file();
        if (!file) {
          throw AppError.badRequest("Select a file to upload.", [
            { field: "file", message: "Select a file" },
          ]);
        }
        // Streamed to disk, never whole in memory; multipart cuts it off at the size limit.
        const saved = await withTempFile(async (path) => {
          const tooLarge = new AppError(
            413,
            "PAYLOAD_TOO_LARGE",
            "The file is larger than 100 MB. Split it and upload the parts.",
          );
          await pipeline(file.file, createWriteStream(path)).catch((error: unknown) => {
            throw (error as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE" ? tooLarge : error;
          });
          if (file.file.truncated) throw tooLarge;
          const upload = { name: file.filename, path };
          return saveUpload(db, files, request.params.id, upload, request.user!.sub);
        });
        return reply.code(201).send(saved);
      },
    );

    api.get(
      "/questions/:id",
      {
        preValidation: canSee("question"),
        schema: {
          params: z.object({ id: z.uuid("There is no such question") }),
          response: {
            200: z.object({
              id: z.string(),
              number: z.number(),
              text: z.string(),
              consultationId: z.string(),
              consultationTitle: z.string(),
              responses: z.number(),
              analysedAt: z.string().nullable(),
              signedOffAt: z.string().nullable(),
              signedOffBy: z.string().nullable(),
              analysedWith: z.string().nullable(),
              finalMappedAt: z.string().nullable(),
              analysisReport: z.record(z.string(), z.unknown()).nullable(),
              unprocessed: z.number(),
            }),
          },
        },
      },
      async (request) => {
        const question = await db.question.findUnique({
          where: { id: request.params.id },
          include: {
            consultation: { select: { title: true } },
            _count: { select: { responses: true } },
          },
        });
        if (!question) throw AppError.notFound("There is no such question.");
        const unprocessed = await db.response.count({
          where: { questionId: question.id, unprocessed: { not: null } },
        });
        return {
          id: question.id,
          number: question.number,
          text: question.text,
          consultationId: question.consultationId,
          consultationTitle: question.consultation.title,
          responses: question._count.responses,
          analysedAt: question.analysedAt?.toISOString() ?? null,
          signedOffAt: question.signedOffAt?.toISOString() ?? null,
          signedOffBy: question.signedOffBy,
          analysedWith: question.analysedWith,
          finalMappedAt: question.finalMappedAt?.toISOString() ?? null,
          analysisReport: question.analysisReport as Record<string, unknown> | null,
          unprocessed,
        };
      },
    );

    api.get(
      "/questions/:id/themes",
      {
        preValidation: canSee("question"),
        schema: {
          params: z.object({ id: z.uuid("There is no such question") }),
          response: {
            200: z.array(
              z.object({
                id: z.string(),
                label: z.string(),
                description: z.string(),
                stance: z.string(),
                source: z.string(),
                keyphrases: z.array(z.string()),
                summary: z.string().nullable(),
                count: z.number(),
                percent: z.number(),
                stances: z.object({ support: z.number(), oppose: z.number(), neutral: z.number() }),
                representatives: z.array(z.object({ id: z.string(), text: z.string() })),
              }),
            ),
          },
        },
      },
      async (request) => listThemes(db, request.params.id),
    );

    api.get(
      "/consultations/:id/export.:format",
      {
        preValidation: canSee("consultation"),
        schema: {
          params: params.extend({
            format: z.enum(["xlsx", "csv", "docx"], "Choose xlsx, csv or docx"),
          }),
        },
      },
      async (request, reply) => {
        const { id, format } = request.params;
        const { title } = await findConsultation(db, id);
        const body =
          format === "xlsx"
            ? await exportWorkbook(db, id)
            : format === "docx"
              ? await reportFrom(await gather(db, id))
              : await exportCsv(db, id);
        // Recorded in the portal's audit log before anything is sent: no record, no download.
        const download = {
          body,
          format,
          fileName: `${title.trim().replace(/\s+/g, "-") || "consultation"}.${format}`,
          what: `results of the consultation "${title}" (${format})`,
          alsoRecord: () =>
            recordExport(db, id, { id: request.user!.sub, name: request.user!.name }, format),
        };
        return sendDownload(request, reply, portalAudit, download);
      },
    );

    api.get(
      "/consultations/:id/exports",
      {
        preValidation: canSee("consultation"),
        schema: {
          params,
          response: {
            200: z.array(z.object({ at: z.string(), actorName: z.string(), format: z.string() })),
          },
        },
      },
      // The access check before it has already refused a consultation that is not there.
      async (request) => listExports(db, request.params.id),
    );

    api.get(
      "/uploads/:id",
      {
        preValidation: canSee("upload"),
        schema: {
          params: z.object({ id: z.uuid("There is no such upload") }),
          response: { 200: preview },
        },
      },
      async (request) => previewUpload(db, files, request.params.id),
    );

    api.post(
      "/uploads/:id/import",
      {
        preValidation: canSee("upload"),
        schema: {
          params: z.object({ id: z.uuid("There is no such upload") }),
          body: z.object({ mapping: columnMappingSchema }),
          response: { 202: jobSnapshotSchema },
        },
      },
      async (request, reply) => {
        const upload = await previewUpload(db, files, request.params.id);
        checkMapping(request.body.mapping, upload.columns);
        await assertQuestionsBelong(db, request.body.mapping, upload.uploadId);
        const job = await api.jobs.enqueue(
          "import-responses",
          { uploadId: upload.uploadId, mapping: request.body.mapping },
          { startedBy: request.user!.sub, subject: { kind: "upload", id: upload.uploadId } },
        );
        return reply.code(202).send(job);
      },
    );
  };
}

/** The problems with a column mapping, as messages against the fields of the mapping form. */
function checkMapping(mapping: z.infer<typeof columnMappingSchema>, columns: string[]): void {
  const problems: { field: string; message: string }[] = [];
  const known = new Set(columns);
  const check = (column: string | undefined, field: string) => {
    if (column !== undefined && !known.has(column))
      problems.push({ field, message: `There is no column called "${column}" in the file` });
  };
  check(mapping.respondentId, "respondentId");
  const used = new Map<string, string>();
  mapping.questions.forEach((question, index) => {
    check(question.column, `questions.${index}.column`);
    check(question.closedColumn, `questions.${index}.closedColumn`);
    const earlier = used.get(question.column);
    if (earlier)
      problems.push({
        field: `questions.${index}.column`,
        message: `"${question.column}" is already the answer to ${earlier}`,
      });
    used.set(question.column, `question ${index + 1}`);
    if (question.column === mapping.respondentId) {
      problems.push({
        field: `questions.${index}.column`,
        message: "The respondent ID column cannot also be an answer",
      });
    }
  });
  mapping.demographics.forEach((column, index) => check(column, `demographics.${index}`));
  if (problems.length > 0) throw AppError.badRequest(problems[0]!.message, problems);
}

async function assertQuestionsBelong(
  db: ToolDatabase,
  mapping: z.infer<typeof columnMappingSchema>,
  uploadId: string,
): Promise<void> {
  const upload = await db.upload.findUniqueOrThrow({ where: { id: uploadId } });
  const questions = await db.question.findMany({
    where: {
      consultationId: upload.consultationId,
      id: { in: mapping.questions.map((question) => question.questionId) },
    },
  });
  if (questions.length !== new Set(mapping.questions.map((question) => question.questionId)).size) {
    throw AppError.badRequest(
      "One of the questions is not part of this consultation. Refresh the page.",
    );
  }
}
