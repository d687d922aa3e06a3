import { AppError, defineJob } from "@bernard/toolkit";
import { z } from "zod";
import { NO_REASON, OTHER, OfflineEngine, type ConsultationResponse } from "../engine/offline.js";
import type { ToolDatabase } from "../services/database.js";

const BATCH = 500;

/**
 * Analyses one question's responses: finds themes, then maps every response to them with a
 * rationale, stance and evidence flag. The engine's earlier themes for the question are
 * replaced; every response ends up with at least one theme ("Other" and "No reason given"
 * included), so none is left out.
 */
export function analyseQuestionJob(db: ToolDatabase) {
  const engine = new OfflineEngine();
  return defineJob({
    name: "analyse-question",
    input: z.object({ questionId: z.uuid(), engine: z.literal("offline") }),
    retryLimit: 2,
    async run({ input, progress, signal }) {
      const rows = await db.response.findMany({
        where: { questionId: input.questionId },
        select: { id: true, text: true, closed: true },
        orderBy: { id: "asc" },
      });
      if (rows.length === 0)
        throw AppError.badRequest("This question has no responses to analyse yet.");
      const responses: ConsultationResponse[] = rows.map((row) => ({
        id: row.id,
        text: row.text,
        closed: row.closed ?? undefined,
      }));

      await progress({ stage: "Finding themes", done: 0, total: responses.length });
      const found = engine.discoverThemes(responses);
      const themes = [
        ...found,
        { ...OTHER, stance: "neutral" as const, keyphrases: [], representatives: [] },
        { ...NO_REASON, stance: "neutral" as const, keyphrases: [], representatives: [] },
      ];

      await progress({ stage: "Mapping responses", done: 0, total: responses.length });
      const mapped = engine.mapResponses(responses, themes);

      signal.throwIfAborted();
      await progress({ stage: "Saving", done: 0, total: responses.length });
      await db.$transaction(
        async (tx) => {
          await tx.theme.deleteMany({ where: { questionId: input.questionId, source: "ai" } });
          const ids = new Map<string, string>();
          for (const theme of themes) {
            const created = await tx.theme.create({
              data: {
                questionId: input.questionId,
                label: theme.label,
                description: theme.description,
                stance: theme.stance,
                source: "ai",
                keyphrases: theme.keyphrases,
              },
            });
            ids.set(theme.id, created.id);
          }
          const representatives = new Set(
            themes.flatMap((theme) => theme.representatives.map((id) => `${theme.id}:${id}`)),
          );
          for (let start = 0; start < mapped.length; start += BATCH) {
            const batch = mapped.slice(start, start + BATCH);
            await tx.responseTheme.createMany({
              data: batch.flatMap((response) =>
                response.themeIds.map((themeId) => ({
                  responseId: response.id,
                  themeId: ids.get(themeId)!,
                  source: "ai",
                  rationale: response.rationale,
                  representative: representatives.has(`${themeId}:${response.id}`),
                })),
              ),
            });
            for (const response of batch) {
              await tx.response.update({
                where: { id: response.id },
                data: {
                  stance: response.stance,
                  evidenceRich: response.evidenceRich,
                  evidenceWhy: response.evidenceReason,
                },
              });
            }
            await progress({
              stage: "Saving",
              done: Math.min(start + BATCH, mapped.length),
              total: mapped.length,
            });
          }
          await tx.question.update({
            where: { id: input.questionId },
            data: { analysedAt: new Date(), analysedWith: input.engine },
          });
        },
        { timeout: 600_000 },
      );
      return { themes: themes.length, responses: mapped.length };
    },
  });
}
