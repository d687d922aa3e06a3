import { mapInSteps, type ModelAccess } from "@bernard/llm";
import { AppError, defineJob } from "@bernard/toolkit";
import { z } from "zod";
import { ModelEngine } from "../engine/model.js";
import { offlineAnalysis } from "../engine/offline.js";
import { membersOf } from "../engine/pipeline.js";
import {
  FALLBACK_THEMES,
  type AnalysisEngine,
  type ConsultationResponse,
  type MappedResponse,
  type Theme,
  type ThemeWriteUp,
} from "../engine/types.js";
import { saveFinalMapping, saveThemesAndMapping, signedOffThemes } from "../services/analysis.js";
import type { ToolDatabase } from "../services/database.js";

export const analysisInput = z.object({
  questionId: z.uuid(),
  engine: z.enum(["offline", "model"]),
  /** "themes": find themes and map every response; "final": map the responses not yet reviewed to the signed-off themes. */
  mode: z.enum(["themes", "final"]).default("themes"),
  /** For the model engine: the model and a credential that outlasts the request. */
  model: z.string().optional(),
  credential: z.string().optional(),
});

/**
 * Analyses one question's responses in resumable steps: themes, mapping in chunks, a write-up
 * per theme, then saving. A worker that dies mid-way resumes at the first unfinished step, so
 * model calls already made are not paid for twice. Every response ends up with at least one
 * theme ("Other" and "No reason given" included) or on the unprocessed list.
 */
export function analyseQuestionJob(db: ToolDatabase, models: ModelAccess | undefined) {
  return defineJob({
    name: "analyse-question",
    input: analysisInput,
    retryLimit: 2,
    async run({ input, progress, signal, step, startedBy }) {
      const question = await db.question.findUnique({ where: { id: input.questionId } });
      if (!question) throw AppError.notFound("The question was deleted.");
      const engine = engineFor(input, question.text, models, startedBy, signal);
      const final = input.mode === "final";
      const rows = await db.response.findMany({
        where: { questionId: input.questionId, ...(final ? { reviewed: false } : {}) },
        select: { id: true, text: true, closed: true },
        orderBy: { id: "asc" },
      });
      const responses: ConsultationResponse[] = rows.map((row) => ({
        id: row.id,
        text: row.text,
        closed: row.closed ?? undefined,
      }));
      const reporter = (stage: string) => (done: number, total: number) =>
        void progress({ stage, done, total }).catch(() => undefined);

      const themes: Theme[] = final
        ? await signedOffThemes(db, input.questionId)
        : await step("themes", async () => {
            await progress({ stage: "Finding themes", done: 0, total: responses.length });
            return [
              ...(await engine.discoverThemes(responses, reporter("Finding themes"))),
              ...FALLBACK_THEMES.map((theme) => ({ ...theme, stance: "neutral" as const })),
            ];
          });

      const chunks: ConsultationResponse[][] = [];
      for (let start = 0; start < responses.length; start += engine.mappingChunk) {
        chunks.push(responses.slice(start, start + engine.mappingChunk));
      }
      const outcomes = await mapInSteps({
        chunks,
        stage: "Mapping responses",
        // Named by the first response's position, as before, so a resumed run finds its steps.
        stepName: (index) => `map-${index * engine.mappingChunk}`,
        size: (chunk) => chunk.length,
        map: (chunk, _index, report) => engine.mapResponses(chunk, themes, report),
        step,
        progress,
        signal,
      });
      const mapped: MappedResponse[] = outcomes.flatMap((outcome) => outcome.mapped);
      const unprocessed = outcomes.flatMap((outcome) => outcome.unprocessed);

      const writeUps = final
        ? new Map<string, ThemeWriteUp>()
        : new Map(
            await step("write-up", async () => {
              await progress({ stage: "Writing up themes", done: 0, total: themes.length });
              const members = membersOf(mapped, responses);
              return [...(await engine.writeUp(themes, members, reporter("Writing up themes")))];
            }),
          );

      signal.throwIfAborted();
      await progress({ stage: "Saving", done: 0, total: mapped.length });
      const saved = { engine: engine.name, themes, mapped, unprocessed };
      const result = final
        ? await saveFinalMapping(db, input.questionId, saved)
        : await saveThemesAndMapping(db, input.questionId, { ...saved, writeUps });
      await progress({ stage: "Saving", done: mapped.length, total: mapped.length });
      return result;
    },
  });
}

function engineFor(
  input: z.infer<typeof analysisInput>,
  question: string,
  models: ModelAccess | undefined,
  startedBy: string | null,
  signal: AbortSignal,
): AnalysisEngine {
  if (input.engine === "offline") return offlineAnalysis(question);
  if (!models || !input.credential || !input.model) {
    throw AppError.badRequest("No AI model is available to the sorter. Use the offline engine.");
  }
  return new ModelEngine({
    client: models.client(input.credential, input.model, {
      tool: "consult",
      ...(startedBy ? { user: startedBy } : {}),
    }),
    question,
    signal,
  });
}
