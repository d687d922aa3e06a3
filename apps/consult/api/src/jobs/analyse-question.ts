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
} from "../engine/types.js";
import {
  reviewedThemes,
  saveFinalMapping,
  saveThemesAndMapping,
  signedOffThemes,
  themesForReanalysis,
  unplacedResponses,
} from "../services/analysis.js";
import type { ToolDatabase } from "../services/database.js";

export const analysisInput = z.object({
  questionId: z.uuid(),
  engine: z.enum(["offline", "model"]),
  /**
   * "themes": find themes and map the responses no person has placed, keeping reviewers' themes;
   * "final": map those responses to the signed-off themes.
   */
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
      // Responses a person placed keep their themes: only the others are mapped (after sign-off,
      // only those still without a theme).
      const responses: ConsultationResponse[] = (
        await unplacedResponses(db, input.questionId, { withoutThemes: final })
      ).map((row) => ({ id: row.id, text: row.text, closed: row.closed ?? undefined }));
      const reporter = (stage: string) => (done: number, total: number) =>
        void progress({ stage, done, total }).catch(() => undefined);

      const { themes, keptIds } = final
        ? { themes: await signedOffThemes(db, input.questionId), keptIds: [] }
        : await step("themes", async () => {
            await progress({ stage: "Finding themes", done: 0, total: responses.length });
            const kept = await reviewedThemes(db, input.questionId);
            const discovered = [
              ...(await engine.discoverThemes(responses, reporter("Finding themes"))),
              ...FALLBACK_THEMES.map((theme) => ({ ...theme, stance: "neutral" as const })),
            ];
            return {
              themes: themesForReanalysis(kept, discovered),
              keptIds: kept.map(({ id }) => id),
            };
          });

      const chunks: ConsultationResponse[][] = [];
      for (let start = 0; start < responses.length; start += engine.mappingChunk) {
        chunks.push(responses.slice(start, start + engine.mappingChunk));
      }
      const outcomes = await mapInSteps({
        chunks,
        stage: "Mapping responses",
        // Named by the first response's position, which stays the same when a run resumes.
        stepName: (index) => `map-${index * engine.mappingChunk}`,
        size: (chunk) => chunk.length,
        map: (chunk, _index, report) => engine.mapResponses(chunk, themes, report),
        step,
        progress,
        signal,
      });
      const mapped: MappedResponse[] = outcomes.flatMap((outcome) => outcome.mapped);
      const unprocessed = outcomes.flatMap((outcome) => outcome.unprocessed);

      const writeUps = new Map(
        await step("write-up", async () => {
          const toWrite = final
            ? await themesToRewrite(db, input.questionId, themes, mapped)
            : themes;
          await progress({ stage: "Writing up themes", done: 0, total: toWrite.length });
          const members = final
            ? await membersAfterFinalMapping(db, input.questionId, themes, mapped)
            : membersOf(mapped, responses);
          return [...(await engine.writeUp(toWrite, members, reporter("Writing up themes")))];
        }),
      );

      signal.throwIfAborted();
      await progress({ stage: "Saving", done: 0, total: mapped.length });
      const saved = { engine: engine.name, themes, mapped, unprocessed, writeUps };
      // Fenced: a run that lost the job to another worker commits none of it.
      const result = await step<object>("save", (sql) =>
        final
          ? saveFinalMapping(sql, input.questionId, saved)
          : saveThemesAndMapping(sql, input.questionId, { ...saved, keptIds }),
      );
      await progress({ stage: "Saving", done: mapped.length, total: mapped.length });
      return result;
    },
  });
}

/**
 * After sign-off, the themes whose write-up no longer fits: changed by a person (renamed, merged
 * into, responses moved), given other responses by this mapping, or with responses but no quote.
 */
async function themesToRewrite(
  db: ToolDatabase,
  questionId: string,
  themes: Theme[],
  mapped: MappedResponse[],
): Promise<Theme[]> {
  const rows = await db.theme.findMany({
    where: { questionId },
    include: { responses: { select: { responseId: true, representative: true } } },
  });
  const remapped = new Set(mapped.map((response) => response.id));
  const after = new Map<string, Set<string>>();
  for (const response of mapped)
    for (const themeId of response.themeIds)
      after.set(themeId, (after.get(themeId) ?? new Set()).add(response.id));
  const stale = new Set<string>();
  for (const row of rows) {
    const id = engineId(row);
    const before = row.responses.filter((link) => remapped.has(link.responseId));
    const now = after.get(id) ?? new Set();
    const moved = before.length !== now.size || before.some((link) => !now.has(link.responseId));
    const members =
      row.responses.filter((link) => !remapped.has(link.responseId)).length + now.size;
    const unquoted = members > 0 && !row.responses.some((link) => link.representative);
    if (row.source === "person" || moved || unquoted) stale.add(id);
  }
  return themes.filter((theme) => stale.has(theme.id));
}

/** Every theme's responses once the final mapping is saved: those a person placed, and the rest as mapped. */
async function membersAfterFinalMapping(
  db: ToolDatabase,
  questionId: string,
  themes: Theme[],
  mapped: MappedResponse[],
): Promise<Map<string, ConsultationResponse[]>> {
  const [rows, all] = await Promise.all([
    db.theme.findMany({
      where: { questionId },
      include: { responses: { select: { responseId: true } } },
    }),
    db.response.findMany({ where: { questionId }, select: { id: true, text: true } }),
  ]);
  const remapped = new Set(mapped.map((response) => response.id));
  const members = new Map<string, string[]>(themes.map((theme) => [theme.id, []]));
  for (const row of rows)
    for (const link of row.responses)
      if (!remapped.has(link.responseId)) members.get(engineId(row))?.push(link.responseId);
  for (const response of mapped)
    for (const themeId of response.themeIds) members.get(themeId)?.push(response.id);
  const texts = new Map(all.map((response) => [response.id, response]));
  return new Map([...members].map(([themeId, ids]) => [themeId, ids.map((id) => texts.get(id)!)]));
}

const fallbackIds = new Map(FALLBACK_THEMES.map((theme) => [theme.label, theme.id]));
/** A theme row's ID as engines know it ("other" and "no-reason" for the fallbacks). */
const engineId = (row: { id: string; label: string }) => fallbackIds.get(row.label) ?? row.id;

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
