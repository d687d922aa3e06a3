import {
  chooseEngine,
  LlmRequestError,
  modelEstimate,
  StructuredOutputError,
  type ModelAccess,
} from "@bernard/llm";
import {
  aiEditResultSchema,
  aiEditSchema,
  changeSchema,
  commentSchema,
  DRAFT_JOB,
  draftEstimateSchema,
  editMinutesSchema,
  engineChoiceSchema,
  exportParams,
  failures,
  jobSnapshotSchema,
  meetingParams as params,
  meetingSchema,
  newCommentSchema,
  startDraftSchema,
  versionParams,
  versionSchema,
  versionSummarySchema,
  type Turn,
} from "@bernard/minutes-contract";
import { AppError, type PortalAudit, type ToolRoutes } from "@bernard/toolkit";
import { sendDownload } from "@bernard/toolkit/exports";
import { z } from "zod";
import { minutesMarkdown } from "../export/markdown.js";
import { minutesText } from "../export/text.js";
import { minutesDocx } from "../export/word.js";
import { estimateModelDraft } from "../engine/model.js";
import { meetingGuards } from "../services/access.js";
import { byPerson, changeLog } from "../services/change-log.js";
import type { ToolDatabase } from "../services/database.js";
import { assertNotAgreed, findMeeting } from "../services/meetings.js";
import { manifest } from "../manifest.js";
import {
  aiEditVersion,
  editMinutes,
  findVersion,
  listVersions,
  restoreVersion,
} from "../services/versions.js";
import {
  addComment,
  listChanges,
  listComments,
  moveMinutes,
  type WorkflowStep,
} from "../services/workflow.js";
import { templateOf } from "../services/templates.js";
import { personOf } from "@bernard/toolkit/sharing";

/** The offline engine's pace, kept well below what `pnpm bench minutes` measures on 2 cores. */
const OFFLINE_WORDS_PER_SECOND = 5_000;

/** Drafting, versions and editing (AI edits too), the way to agreement, comments, the change log and exports. */
export function minutesRoutes(
  db: ToolDatabase,
  portalAudit: PortalAudit | undefined,
  models: ModelAccess | undefined,
): ToolRoutes {
  const { canSee } = meetingGuards(db);
  const engineFor = (userToken: string | null) =>
    chooseEngine(models, userToken, { toolName: "the minute summariser" });
  return async (api) => {
    api.get(
      "/engine",
      {
        schema: {
          description: "Whether an AI model is there for AI edits, and which.",
          response: { 200: engineChoiceSchema },
        },
      },
      async (request) => engineFor(request.userToken),
    );

    api.post(
      "/meetings/:id/ai-edit",
      {
        preValidation: canSee("meeting"),
        schema: {
          params,
          body: aiEditSchema,
          response: { 200: aiEditResultSchema, ...failures, 502: failures[404] },
        },
      },
      async (request) => {
        const choice = await engineFor(request.userToken);
        if (choice.engine === "offline")
          throw new AppError(409, "MODEL_NOT_CONFIGURED", choice.reason);
        const client = models!.client(request.userToken!, choice.model, {
          tool: manifest.id,
          user: request.user!.sub,
        });
        try {
          return await aiEditVersion(
            db,
            request.params.id,
            request.body,
            personOf(request.user!),
            client,
          );
        } catch (error) {
          if (error instanceof StructuredOutputError || error instanceof LlmRequestError) {
            throw new AppError(
              502,
              "AI_EDIT_FAILED",
              `The AI model's edit could not be used (${error instanceof StructuredOutputError ? "its minutes cited turns that do not exist or were not complete" : error.message}). Nothing was saved; try again, or edit the minutes yourself.`,
            );
          }
          throw error;
        }
      },
    );

    api.get(
      "/meetings/:id/draft-estimate",
      {
        preValidation: canSee("meeting"),
        schema: {
          description: "What drafting the minutes is likely to take with each engine.",
          params,
          response: { 200: draftEstimateSchema, ...failures },
        },
      },
      async (request) => {
        const meeting = await db.meeting.findUniqueOrThrow({ where: { id: request.params.id } });
        const turns = (meeting.turns as unknown as Turn[] | null) ?? [];
        const words = turns.reduce((sum, turn) => sum + turn.text.split(/\s+/).length, 0);
        const choice = await engineFor(request.userToken);
        const run =
          choice.engine === "model"
            ? await estimateModelDraft(turns, {
                model: choice.model,
                template: await templateOf(db, meeting.template),
                date: meeting.date,
                agenda: meeting.agenda,
              })
            : undefined;
        return {
          turns: turns.length,
          offline: { seconds: Math.ceil(1 + words / OFFLINE_WORDS_PER_SECOND) },
          model: modelEstimate(choice, () => run!),
        };
      },
    );

    api.post(
      "/meetings/:id/draft",
      {
        preValidation: canSee("meeting"),
        schema: {
          params,
          body: startDraftSchema,
          response: { 202: jobSnapshotSchema, ...failures },
        },
      },
      async (request, reply) => {
        const meeting = await db.meeting.findUniqueOrThrow({ where: { id: request.params.id } });
        assertNotAgreed(meeting);
        if (!meeting.turns) {
          throw AppError.conflict(
            meeting.transcriptPurgedAt
              ? "The transcript was deleted under the retention setting, so the minutes cannot be drafted again. Upload it again to redraft."
              : "Upload the meeting's transcript before drafting the minutes.",
          );
        }
        const latest = await db.minutesVersion.findFirst({
          where: { meetingId: meeting.id },
          orderBy: { number: "desc" },
        });
        // A person's edits are never set aside without their say: they must confirm, and their version stays.
        if (latest && latest.source !== "generated" && !request.body.replaceEdits) {
          throw new AppError(
            409,
            "EDITS_WOULD_BE_REPLACED",
            `Version ${latest.number} has edits by ${latest.authorName}. Drafting again makes a new version from the transcript without them; version ${latest.number} is kept and you can bring it back.`,
          );
        }
        const { engine } = request.body;
        let model: { model: string; credential: string } | undefined;
        if (engine === "model") {
          const choice = await engineFor(request.userToken);
          if (choice.engine === "offline")
            throw new AppError(409, "MODEL_NOT_CONFIGURED", choice.reason);
          model = {
            model: choice.model,
            credential: await models!.credentialFor(request.userToken!),
          };
        }
        const job = await api.jobs.enqueue(
          DRAFT_JOB.name,
          { meetingId: meeting.id, engine, ...model },
          { startedBy: request.user!.sub, subject: { kind: DRAFT_JOB.kind, id: meeting.id } },
        );
        return reply.code(202).send(job);
      },
    );

    api.get(
      "/meetings/:id/versions",
      {
        preValidation: canSee("meeting"),
        schema: { params, response: { 200: z.array(versionSummarySchema), ...failures } },
      },
      async (request) => listVersions(db, request.params.id),
    );

    api.get(
      "/meetings/:id/minutes",
      {
        preValidation: canSee("meeting"),
        schema: { params, response: { 200: versionSchema, ...failures } },
      },
      async (request) => findVersion(db, request.params.id),
    );

    api.get(
      "/meetings/:id/versions/:number",
      {
        preValidation: canSee("meeting"),
        schema: { params: versionParams, response: { 200: versionSchema, ...failures } },
      },
      async (request) => findVersion(db, request.params.id, request.params.number),
    );

    api.put(
      "/meetings/:id/minutes",
      {
        preValidation: canSee("meeting"),
        schema: { params, body: editMinutesSchema, response: { 200: versionSchema, ...failures } },
      },
      async (request) => editMinutes(db, request.params.id, request.body, personOf(request.user!)),
    );

    api.post(
      "/meetings/:id/versions/:number/restore",
      {
        preValidation: canSee("meeting"),
        schema: { params: versionParams, response: { 201: versionSchema, ...failures } },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await restoreVersion(
              db,
              request.params.id,
              request.params.number,
              personOf(request.user!),
            ),
          ),
    );

    const step = (path: string, name: WorkflowStep) =>
      api.post(
        `/meetings/:id/${path}`,
        {
          preValidation: canSee("meeting"),
          schema: { params, response: { 200: meetingSchema, ...failures, 403: failures[404] } },
        },
        async (request) => {
          await moveMinutes(db, request.params.id, name, personOf(request.user!));
          return findMeeting(db, request.params.id);
        },
      );
    step("circulate", "circulate");
    step("agree", "agree");
    step("reopen", "reopen");

    api.get(
      "/meetings/:id/comments",
      {
        preValidation: canSee("meeting"),
        schema: { params, response: { 200: z.array(commentSchema), ...failures } },
      },
      async (request) => listComments(db, request.params.id),
    );

    api.post(
      "/meetings/:id/comments",
      {
        preValidation: canSee("meeting"),
        schema: { params, body: newCommentSchema, response: { 201: commentSchema, ...failures } },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await addComment(db, request.params.id, request.body, personOf(request.user!))),
    );

    api.get(
      "/meetings/:id/changes",
      {
        preValidation: canSee("meeting"),
        schema: { params, response: { 200: z.array(changeSchema), ...failures } },
      },
      async (request) => listChanges(db, request.params.id),
    );

    api.get(
      "/meetings/:id/export.:format",
      {
        preValidation: canSee("meeting"),
        // A file, not JSON: no response schema.
        schema: {
          params: exportParams,
          description: "The current minutes as Word, Markdown or plain text.",
        },
      },
      async (request, reply) => {
        const { id, format } = request.params;
        const meeting = await db.meeting.findUniqueOrThrow({ where: { id } });
        const version = await findVersion(db, id);
        const template = await templateOf(db, meeting.template);
        const body =
          format === "docx"
            ? await minutesDocx(
                version.minutes,
                template,
                meeting,
                meeting.turns as unknown as Turn[] | null,
              )
            : format === "md"
              ? minutesMarkdown(version.minutes, template, meeting)
              : minutesText(version.minutes, template, meeting);
        const person = personOf(request.user!);
        return sendDownload(request, reply, portalAudit, {
          body,
          format,
          fileName: `${meeting.title.trim().replace(/\s+/g, "-") || "minutes"}-v${version.number}.${format}`,
          what: `minutes of the meeting "${meeting.title}", version ${version.number} (${format})`,
          alsoRecord: async () => {
            await db.change.create({
              data: {
                meetingId: id,
                ...changeLog.entry({
                  action: "minutes.exported",
                  by: byPerson(person),
                  details: { format, version: version.number },
                }),
              },
            });
          },
        });
      },
    );
  };
}
