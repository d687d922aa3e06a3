import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import multipart from "@fastify/multipart";
import type { columnMappingSchema } from "@bernard/consult-contract";
import {
  consultationParams as params,
  consultationSchema as consultation,
  exportParams,
  exportRecordSchema,
  failures,
  jobStarted,
  newConsultationSchema,
  newQuestionSchema,
  questionDetailsSchema,
  questionParams,
  sharingSchema as sharing,
  startImportSchema,
  themeSummarySchema,
  uploadParams,
  uploadPreviewSchema as preview,
} from "@bernard/consult-contract";
import { AppError, type PortalAudit, type ToolRoutes, type UserClaims } from "@bernard/toolkit";
import { z } from "zod";
import { sendDownload } from "@bernard/toolkit/exports";
import { withTempFile } from "@bernard/toolkit/uploads";
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
      { schema: { response: { 200: z.array(consultation), ...failures } } },
      async (request) => listConsultations(db, viewer(request)),
    );

    api.put(
      "/consultations/:id/sharing",
      {
        preValidation: canSee("consultation"),
        schema: { params, body: sharing, response: { 200: consultation, ...failures } },
      },
      async (request) => shareConsultation(db, request.params.id, request.body, viewer(request)),
    );

    api.post(
      "/consultations",
      {
        schema: {
          body: newConsultationSchema,
          response: { 201: consultation, ...failures },
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
        schema: { params, response: { 200: consultation, ...failures } },
      },
      async (request) => findConsultation(db, request.params.id),
    );

    api.post(
      "/consultations/:id/questions",
      {
        preValidation: canSee("consultation"),
        schema: {
          params,
          body: newQuestionSchema,
          response: { 201: consultation, ...failures },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await addQuestion(db, request.params.id, request.body)),
    );

    api.post(
      "/consultations/:id/uploads",
      {
        preValidation: canSee("consultation"),
        schema: { params, response: { 201: preview, ...failures } },
      },
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
          params: questionParams,
          response: { 200: questionDetailsSchema, ...failures },
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
          params: questionParams,
          response: { 200: z.array(themeSummarySchema), ...failures },
        },
      },
      async (request) => listThemes(db, request.params.id),
    );

    api.get(
      "/consultations/:id/export.:format",
      {
        preValidation: canSee("consultation"),
        schema: {
          params: exportParams,
          // A file, not JSON: no response schema (the route test lists it as such).
          description: "The consultation's results as a file to download (Excel, CSV or Word).",
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
          response: { 200: z.array(exportRecordSchema), ...failures },
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
          params: uploadParams,
          response: { 200: preview, ...failures },
        },
      },
      async (request) => previewUpload(db, files, request.params.id),
    );

    api.post(
      "/uploads/:id/import",
      {
        preValidation: canSee("upload"),
        schema: {
          params: uploadParams,
          body: startImportSchema,
          response: jobStarted,
        },
      },
      async (request, reply) => {
        const upload = await previewUpload(db, files, request.params.id);
        const numbers = await questionNumbers(db, request.body.mapping, upload.uploadId);
        checkMapping(request.body.mapping, upload.columns, numbers);
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

/**
 * The problems with a column mapping, in plain words against the fields of the mapping form:
 * what is wrong and what to choose instead.
 */
function checkMapping(
  mapping: z.infer<typeof columnMappingSchema>,
  columns: string[],
  numbers: Map<string, number>,
): void {
  const problems: { field: string; message: string }[] = [];
  const known = new Set(columns);
  const check = (column: string | undefined, field: string) => {
    if (column !== undefined && !known.has(column))
      problems.push({
        field,
        message: `The file has no column called "${column}". Choose one of the columns in the first rows shown`,
      });
  };
  if (mapping.questions.length === 0)
    problems.push({
      field: "questions.0.column",
      message: "Choose the column that holds the answers to at least one question",
    });
  check(mapping.respondentId, "respondentId");
  const used = new Map<string, string>();
  mapping.questions.forEach((question, index) => {
    check(question.column, `questions.${index}.column`);
    check(question.closedColumn, `questions.${index}.closedColumn`);
    const earlier = used.get(question.column);
    if (earlier)
      problems.push({
        field: `questions.${index}.column`,
        message: `"${question.column}" is already chosen for ${earlier}. Choose a different column for each answer`,
      });
    used.set(question.column, `question ${numbers.get(question.questionId)}'s answer`);
    if (question.closedColumn !== undefined && question.closedColumn === question.column)
      problems.push({
        field: `questions.${index}.closedColumn`,
        message: `"${question.column}" is already this question's free-text answer. Choose the column with the closed answer (like agree or disagree), or "Choose a column" if there is none`,
      });
    if (question.column === mapping.respondentId) {
      problems.push({
        field: `questions.${index}.column`,
        message: `"${question.column}" is already chosen as the respondent ID. Choose the column with the answers`,
      });
    }
  });
  mapping.demographics.forEach((column, index) => check(column, `demographics.${index}`));
  if (problems.length > 0) throw AppError.badRequest(problems[0]!.message, problems);
}

/** The mapped questions' numbers, by ID; refused unless each is one of the upload's consultation's. */
async function questionNumbers(
  db: ToolDatabase,
  mapping: z.infer<typeof columnMappingSchema>,
  uploadId: string,
): Promise<Map<string, number>> {
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
  return new Map(questions.map((question) => [question.id, question.number]));
}
