import {
  assignSchema,
  caseSchema,
  caseSummarySchema,
  dashboardSchema,
  failures,
  intakeSchema,
  newCaseSchema,
  noReplySchema,
  pastedLetterSchema,
  sharingSchema,
  transferSchema,
  updateCaseSchema,
} from "@bernard/letters-contract";
import type { ToolRoutes } from "@bernard/toolkit";
import { viewerOf } from "@bernard/toolkit/sharing";
import { z } from "zod";
import { LetterFileError, readLetter } from "../intake/read-letter.js";
import {
  createCase,
  findCase,
  listCases,
  readIntake,
  shareCase,
  updateCase,
} from "../services/cases.js";
import { leaveCampaign } from "../services/campaigns.js";
import { callerOf } from "../services/change-log.js";
import type { ToolDatabase } from "../services/database.js";
import { aboutCase } from "./about-case.js";
import { assignCase, dashboard, moveCase } from "../services/workflow.js";
import { fileProblem, uploadedFile } from "./uploads.js";

/** Intake (a pasted or uploaded letter read for a person to check), cases, sharing, allocation. */
export function caseRoutes(db: ToolDatabase): ToolRoutes {
  const onCase = aboutCase(db);
  return async (api) => {
    api.get("/dashboard", { schema: { response: { 200: dashboardSchema } } }, async (request) =>
      dashboard(db, viewerOf(request.user!)),
    );

    api.post(
      "/intake/text",
      { schema: { body: pastedLetterSchema, response: { 200: intakeSchema, ...failures } } },
      async (request) => readIntake(db, { format: "text", text: request.body.text }, null),
    );

    api.post(
      "/intake/file",
      {
        schema: {
          description: "Reads an uploaded letter (.eml, .docx, .pdf or .txt); nothing is saved.",
          response: { 200: intakeSchema, ...failures },
        },
      },
      async (request) => {
        const file = await uploadedFile(await request.file(), "the letter's file");
        try {
          return await readIntake(db, await readLetter(file.bytes, file.name), file.name);
        } catch (error) {
          if (error instanceof LetterFileError) throw fileProblem(error.message);
          throw error;
        }
      },
    );

    api.get(
      "/cases",
      { schema: { response: { 200: z.array(caseSummarySchema) } } },
      async (request) => listCases(db, viewerOf(request.user!)),
    );

    api.post(
      "/cases",
      { schema: { body: newCaseSchema, response: { 201: caseSchema, ...failures } } },
      async (request, reply) =>
        reply.code(201).send(await createCase(db, request.body, callerOf(request))),
    );

    api.get("/cases/:id", onCase({ response: { 200: caseSchema } }), async (request) =>
      findCase(db, request.params.id, viewerOf(request.user!)),
    );

    api.put(
      "/cases/:id",
      onCase({ body: updateCaseSchema, response: { 200: caseSchema } }),
      async (request) => updateCase(db, request.params.id, request.body, callerOf(request)),
    );

    api.put(
      "/cases/:id/sharing",
      onCase({
        body: sharingSchema,
        response: { 200: caseSchema },
      }),
      async (request) => shareCase(db, request.params.id, request.body, callerOf(request)),
    );

    api.post(
      "/cases/:id/assign",
      onCase({ body: assignSchema, response: { 200: caseSchema } }),
      async (request) => {
        await assignCase(db, request.params.id, request.body.assignee, callerOf(request));
        return findCase(db, request.params.id, viewerOf(request.user!));
      },
    );

    api.post(
      "/cases/:id/leave-campaign",
      onCase({
        description: "Takes the case out of its campaign, to be answered on its own.",
        response: { 200: caseSchema },
      }),
      async (request) => {
        await leaveCampaign(db, request.params.id, callerOf(request));
        return findCase(db, request.params.id, viewerOf(request.user!));
      },
    );

    api.post(
      "/cases/:id/transfer",
      onCase({ body: transferSchema, response: { 200: caseSchema } }),
      async (request) => {
        await moveCase(db, request.params.id, "transfer", request.body, callerOf(request));
        return findCase(db, request.params.id, viewerOf(request.user!));
      },
    );

    api.post(
      "/cases/:id/no-reply",
      onCase({ body: noReplySchema, response: { 200: caseSchema } }),
      async (request) => {
        await moveCase(db, request.params.id, "no-reply", request.body, callerOf(request));
        return findCase(db, request.params.id, viewerOf(request.user!));
      },
    );
  };
}
