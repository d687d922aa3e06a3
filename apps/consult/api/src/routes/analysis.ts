import {
  analysisEstimateSchema,
  evaluationSchema,
  failures,
  jobStarted,
  questionParams as params,
  startAnalysisSchema,
} from "@bernard/consult-contract";
import { AppError, type ToolRoutes } from "@bernard/toolkit";
import { AnalysisRuns } from "../services/analysis-runs.js";
import { consultationGuards } from "../plugins/consultation-access.js";
import type { ToolDatabase } from "../services/database.js";
import type { ModelAccess } from "@bernard/llm";
import { evaluateAgainstReviewers } from "../services/responses.js";
import { Review } from "../services/review.js";

/**
 * A question's analysis: its estimate, starting it with either engine, signing the themes off
 * (which starts the final mapping), and how far reviewers agree with the AI.
 */
export function analysisRoutes(db: ToolDatabase, models: ModelAccess | undefined): ToolRoutes {
  const review = new Review(db);
  const { canSee } = consultationGuards(db);
  return async (api) => {
    const runs = new AnalysisRuns(db, api.jobs, models);
    const questionWithResponses = async (id: string) => {
      const question = await db.question.findUnique({
        where: { id },
        include: { _count: { select: { responses: true } } },
      });
      if (!question) throw AppError.notFound("There is no such question.");
      if (question._count.responses === 0) {
        throw AppError.badRequest("This question has no responses yet. Import them first.");
      }
      return question;
    };

    api.get(
      "/questions/:id/analysis/estimate",
      {
        preValidation: canSee("question"),
        schema: {
          params,
          response: { 200: analysisEstimateSchema, ...failures },
        },
      },
      async (request) => {
        await questionWithResponses(request.params.id);
        return runs.estimate(request.params.id, request.userToken);
      },
    );

    api.post(
      "/questions/:id/analysis",
      {
        preValidation: canSee("question"),
        schema: {
          params,
          body: startAnalysisSchema,
          response: jobStarted,
        },
      },
      async (request, reply) => {
        const question = await questionWithResponses(request.params.id);
        if (question.signedOffAt) {
          throw AppError.conflict(
            "The themes for this question are signed off. Reopen them to analyse again.",
          );
        }
        const job = await runs.start(question.id, {
          engine: request.body.engine,
          mode: "themes",
          userToken: request.userToken,
          startedBy: request.user!.sub,
        });
        return reply.code(202).send(job);
      },
    );

    api.post(
      "/questions/:id/sign-off",
      { preValidation: canSee("question"), schema: { params, response: jobStarted } },
      async (request, reply) => {
        const question = await questionWithResponses(request.params.id);
        await runs.assertIdle(question.id, "sign off");
        await review.signOff(question.id, { id: request.user!.sub, name: request.user!.name });
        const start = (engine: "offline" | "model") =>
          runs.start(question.id, {
            engine,
            mode: "final",
            userToken: request.userToken,
            startedBy: request.user!.sub,
          });
        // The final mapping uses the engine that found the themes; without a model, the offline one.
        const job =
          question.analysedWith === "model"
            ? await start("model").catch(() => start("offline"))
            : await start("offline");
        return reply.code(202).send(job);
      },
    );

    api.get(
      "/questions/:id/evaluation",
      {
        preValidation: canSee("question"),
        schema: {
          params,
          response: { 200: evaluationSchema, ...failures },
        },
      },
      async (request) => evaluateAgainstReviewers(db, request.params.id),
    );
  };
}
