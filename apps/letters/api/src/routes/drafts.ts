import {
  caseSchema,
  changeSchema,
  commentSchema,
  currentDraftSchema,
  DRAFT_JOB,
  draftEstimateSchema,
  editDraftSchema,
  exportParams,
  jobSnapshotSchema,
  retrievalSchema,
  returnSchema,
  startDraftSchema,
  useLineSchema,
  versionParams,
  versionSchema,
  versionSummarySchema,
} from "@bernard/letters-contract";
import { chooseEngine, type ModelAccess } from "@bernard/llm";
import { AppError, type PortalAudit, type ToolRoutes } from "@bernard/toolkit";
import { sendDownload } from "@bernard/toolkit/exports";
import { viewerOf } from "@bernard/toolkit/sharing";
import { z } from "zod";
import { letterDocx, letterText } from "../export/letter.js";
import { findCase } from "../services/cases.js";
import { callerOf, changeLog } from "../services/change-log.js";
import type { ToolDatabase } from "../services/database.js";
import { aboutCase } from "./about-case.js";
import {
  assertMayDraft,
  currentDraft,
  draftCase,
  estimateDraft,
  editDraft,
  findVersion,
  listVersions,
  retrieveForCase,
  useLine,
} from "../services/drafts.js";
import { today } from "../services/lines.js";
import { readLogo } from "../services/logo.js";
import { isApprover, readSettings } from "../services/settings.js";
import { listChanges, listComments, moveCase, type WorkflowStep } from "../services/workflow.js";

/** How the drafter is named in what a page says about its model. */
const TOOL_NAME = "the letter drafter";

/** Retrieval, drafting and versions, the way to approval and dispatch, comments, the log, exports. */
export function draftRoutes(
  db: ToolDatabase,
  portalAudit: PortalAudit | undefined,
  models: ModelAccess | undefined,
): ToolRoutes {
  const onCase = aboutCase(db);
  const engineFor = (userToken: string | null) =>
    chooseEngine(models, userToken, { toolName: TOOL_NAME });
  return async (api) => {
    api.get(
      "/cases/:id/draft/estimate",
      onCase({
        description: "What drafting the reply is likely to take with each engine, before it runs.",
        response: { 200: draftEstimateSchema },
      }),
      async (request) => estimateDraft(db, request.params.id, await engineFor(request.userToken)),
    );

    api.get(
      "/cases/:id/retrieval",
      onCase({ response: { 200: retrievalSchema } }),
      async (request) => retrieveForCase(db, request.params.id),
    );

    api.post(
      "/cases/:id/draft",
      onCase({
        description:
          "Drafts the reply: the offline engine at once (201, the version), the model as a job tied to the case (202).",
        body: startDraftSchema,
        response: { 201: versionSchema, 202: jobSnapshotSchema },
      }),
      async (request, reply) => {
        const { replaceEdits, engine } = request.body;
        const caseId = request.params.id;
        const by = callerOf(request);
        if (engine === "offline")
          return reply.code(201).send(await draftCase(db, caseId, replaceEdits, by));
        const choice = await engineFor(request.userToken);
        if (choice.engine === "offline") {
          throw AppError.badRequest(choice.reason, [{ field: "engine", message: choice.reason }]);
        }
        // Refused now rather than in the job: the person is still there to decide.
        await assertMayDraft(db, caseId, replaceEdits);
        const job = await api.jobs.enqueue(
          DRAFT_JOB.name,
          {
            caseId,
            replaceEdits,
            askedBy: { id: by.id, name: by.name, groups: by.groups },
            model: choice.model,
            credential: await models!.credentialFor(request.userToken!),
          },
          { startedBy: by.id, subject: { kind: DRAFT_JOB.subjectKind, id: caseId } },
        );
        return reply.code(202).send(job);
      },
    );

    api.get(
      "/cases/:id/draft",
      onCase({ response: { 200: currentDraftSchema } }),
      async (request) => ({ draft: await currentDraft(db, request.params.id) }),
    );

    api.put(
      "/cases/:id/draft",
      onCase({ body: editDraftSchema, response: { 200: versionSchema } }),
      async (request) => editDraft(db, request.params.id, request.body, callerOf(request)),
    );

    api.post(
      "/cases/:id/draft/use-line",
      onCase({ body: useLineSchema, response: { 200: versionSchema } }),
      async (request) => useLine(db, request.params.id, request.body, callerOf(request)),
    );

    api.get(
      "/cases/:id/versions",
      onCase({ response: { 200: z.array(versionSummarySchema) } }),
      async (request) => listVersions(db, request.params.id),
    );

    api.get(
      "/cases/:id/versions/:number",
      onCase({ params: versionParams, response: { 200: versionSchema } }),
      async (request) => findVersion(db, request.params.id, request.params.number),
    );

    const step = (name: WorkflowStep, body?: typeof returnSchema) =>
      api.post(
        `/cases/:id/${name}`,
        onCase({
          ...(body && { body }),
          response: { 200: caseSchema },
        }),
        async (request) => {
          const mayApprove = isApprover(request.user!, await readSettings(db));
          const input = { ...(request.body as { comment?: string } | undefined), mayApprove };
          await moveCase(db, request.params.id, name, input, callerOf(request));
          return findCase(db, request.params.id, viewerOf(request.user!));
        },
      );
    step("quality-check");
    step("approval");
    step("return", returnSchema);
    step("approve");
    step("send");

    api.get(
      "/cases/:id/comments",
      onCase({ response: { 200: z.array(commentSchema) } }),
      async (request) => listComments(db, request.params.id),
    );

    api.get(
      "/cases/:id/changes",
      onCase({ response: { 200: z.array(changeSchema) } }),
      async (request) => listChanges(db, request.params.id),
    );

    api.get(
      "/cases/:id/export.:format",
      // A file, not JSON: no response schema.
      onCase({
        params: exportParams,
        description: "The approved reply as a Word letter on the letterhead, or plain text.",
      }),
      async (request, reply) => {
        const { id, format } = request.params;
        const details = await findCase(db, id, viewerOf(request.user!));
        if (details.status !== "approved" && details.status !== "sent") {
          throw AppError.conflict(
            "Only an approved reply can be exported. Send it for approval first.",
          );
        }
        const approved = await currentDraft(db, id);
        const { letterhead } = await readSettings(db);
        const date = details.sentOn ?? today();
        const by = callerOf(request);
        return sendDownload(request, reply, portalAudit, {
          body:
            format === "docx"
              ? await letterDocx(
                  approved!.paragraphs,
                  details,
                  letterhead,
                  date,
                  await readLogo(db),
                )
              : letterText(approved!.paragraphs, details, letterhead, date),
          format,
          fileName: `${details.reference} reply.${format}`,
          what: `reply to case ${details.reference}, version ${approved!.number} (${format})`,
          alsoRecord: async () => {
            await db.change.create({
              data: {
                caseId: id,
                ...changeLog.entry({
                  action: "letter.exported",
                  by,
                  details: { format, version: approved!.number },
                }),
              },
            });
          },
        });
      },
    );
  };
}
