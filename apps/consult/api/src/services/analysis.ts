import { terms } from "@bernard/nlp";
import {
  FALLBACK_THEMES,
  type MappedResponse,
  type Theme,
  type ThemeWriteUp,
} from "../engine/types.js";
import type { ToolDatabase, Transaction } from "./database.js";
import { fallbackThemeId } from "./fallback-themes.js";
import { questionChanges } from "./review.js";

export interface AnalysisOutcome {
  engine: "offline" | "model";
  themes: Theme[];
  mapped: MappedResponse[];
  unprocessed: { id: string; reason: string }[];
}

/** How much a question's themes changed from one analysis to the next. */
export interface Stability {
  previousThemes: number;
  themes: number;
  /** Themes whose label matches one from the run before. */
  kept: number;
  added: number;
  removed: number;
}

const ROWS_PER_STATEMENT = 1_000;

/** The signed-off themes, with "Other" and "No reason given" under the IDs engines know them by. */
export async function signedOffThemes(db: ToolDatabase, questionId: string): Promise<Theme[]> {
  const themes = await db.theme.findMany({ where: { questionId }, orderBy: { createdAt: "asc" } });
  const fallbackIds = new Map(FALLBACK_THEMES.map((theme) => [theme.label, theme.id]));
  const found = themes.map((theme) => ({
    id: fallbackIds.get(theme.label) ?? theme.id,
    label: theme.label,
    description: theme.description,
    stance: theme.stance as Theme["stance"],
  }));
  const missing = FALLBACK_THEMES.filter(
    (fallback) => !found.some((theme) => theme.id === fallback.id),
  );
  return [...found, ...missing.map((theme) => ({ ...theme, stance: "neutral" as const }))];
}

/**
 * Replaces the AI's themes and mapping for a question with a fresh analysis, in one transaction:
 * themes with their write-ups, every response's themes (quotes marked), stance, evidence flag and
 * the AI's own mapping kept for the evaluation, the unprocessed list, the change log entry, and a
 * report saying how much the themes changed since the run before.
 */
export async function saveThemesAndMapping(
  db: ToolDatabase,
  questionId: string,
  outcome: AnalysisOutcome & { writeUps: Map<string, ThemeWriteUp> },
) {
  return db.$transaction(
    async (tx) => {
      const previous = await tx.theme.findMany({
        where: { questionId, source: "ai" },
        select: { label: true },
      });
      await tx.theme.deleteMany({ where: { questionId, source: "ai" } });
      const ids = new Map<string, string>();
      for (const theme of outcome.themes) {
        const created = await tx.theme.create({
          data: {
            questionId,
            label: theme.label,
            description: theme.description,
            stance: theme.stance ?? "neutral",
            source: "ai",
            keyphrases: "keyphrases" in theme ? (theme.keyphrases as string[]) : [],
            summary: outcome.writeUps.get(theme.id)?.summary || null,
          },
        });
        ids.set(theme.id, created.id);
      }
      const quotes = new Set(
        [...outcome.writeUps].flatMap(([themeId, writeUp]) =>
          writeUp.quoteIds.map((responseId) => `${themeId}:${responseId}`),
        ),
      );
      await writeMapping(tx, outcome, ids, quotes);
      const stability = previous.length > 0 ? compareThemes(previous, outcome.themes) : undefined;
      const report = {
        engine: outcome.engine,
        themes: outcome.themes.length,
        responses: outcome.mapped.length,
        unprocessed: outcome.unprocessed.length,
        ...(stability ? { stability } : {}),
      };
      await tx.question.update({
        where: { id: questionId },
        data: {
          analysedAt: new Date(),
          analysedWith: outcome.engine,
          analysisReport: JSON.parse(JSON.stringify(report)) as object,
          finalMappedAt: null,
        },
      });
      await recordAi(tx, questionId, outcome.engine, "analysis.finished", report);
      return report;
    },
    { timeout: 600_000 },
  );
}

/** Applies the signed-off themes to the responses no one has reviewed yet (their mapping only). */
export async function saveFinalMapping(
  db: ToolDatabase,
  questionId: string,
  outcome: AnalysisOutcome,
) {
  return db.$transaction(
    async (tx) => {
      const ids = new Map(outcome.themes.map((theme) => [theme.id, theme.id]));
      for (const fallback of FALLBACK_THEMES)
        ids.set(fallback.id, await fallbackThemeId(tx, questionId, fallback, "ai"));
      await tx.responseTheme.deleteMany({
        where: {
          responseId: {
            in: [...outcome.mapped, ...outcome.unprocessed].map((response) => response.id),
          },
        },
      });
      await writeMapping(tx, outcome, ids, new Set());
      const report = {
        engine: outcome.engine,
        responses: outcome.mapped.length,
        unprocessed: outcome.unprocessed.length,
      };
      await tx.question.update({ where: { id: questionId }, data: { finalMappedAt: new Date() } });
      await recordAi(tx, questionId, outcome.engine, "final_mapping.finished", report);
      return report;
    },
    { timeout: 600_000 },
  );
}

/** The mapping's links and each response's stance, evidence, AI themes and unprocessed reason. */
async function writeMapping(
  tx: Transaction,
  outcome: AnalysisOutcome,
  ids: Map<string, string>,
  quotes: Set<string>,
) {
  for (let start = 0; start < outcome.mapped.length; start += ROWS_PER_STATEMENT) {
    const batch = outcome.mapped.slice(start, start + ROWS_PER_STATEMENT);
    await tx.responseTheme.createMany({
      data: batch.flatMap((response) =>
        response.themeIds.map((themeId) => ({
          responseId: response.id,
          themeId: ids.get(themeId)!,
          source: "ai",
          rationale: response.rationale,
          representative: quotes.has(`${themeId}:${response.id}`),
        })),
      ),
    });
    const rows = batch.map((response) => ({
      id: response.id,
      stance: response.stance,
      rich: response.evidenceRich,
      why: response.evidenceReason,
      themes: response.themeIds.map((themeId) => ids.get(themeId)!),
    }));
    await tx.$executeRaw`
      UPDATE response AS r
      SET stance = v.stance, evidence_rich = v.rich, evidence_why = v.why,
          ai_theme_ids = v.themes, unprocessed = NULL
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS v(id uuid, stance text, rich boolean, why text, themes uuid[])
      WHERE r.id = v.id`;
  }
  for (const { id, reason } of outcome.unprocessed) {
    await tx.response.update({ where: { id }, data: { unprocessed: reason, aiThemeIds: [] } });
  }
}

function recordAi(
  tx: Transaction,
  questionId: string,
  engine: string,
  action: "analysis.finished" | "final_mapping.finished",
  details: Record<string, unknown>,
) {
  const name = engine === "model" ? "AI model" : "Offline engine";
  return tx.change.create({
    data: {
      questionId,
      ...questionChanges.entry({ action, by: { kind: "ai", id: "ai", name }, details }),
    },
  });
}

/** Two labels name the same theme when they are equal or share at least half their words (stemmed). */
export function compareThemes(
  previous: { label: string }[],
  current: { label: string }[],
): Stability {
  const words = (label: string) => ({ label: label.toLowerCase(), terms: new Set(terms(label)) });
  const same = (a: ReturnType<typeof words>, b: ReturnType<typeof words>) => {
    if (a.label === b.label) return true;
    const shared = [...a.terms].filter((word) => b.terms.has(word)).length;
    return shared > 0 && shared / new Set([...a.terms, ...b.terms]).size >= 0.5;
  };
  const before = previous.map((theme) => words(theme.label));
  const after = current.map((theme) => words(theme.label));
  const kept = after.filter((label) => before.some((old) => same(old, label))).length;
  return {
    previousThemes: previous.length,
    themes: current.length,
    kept,
    added: current.length - kept,
    removed: before.filter((old) => !after.some((label) => same(old, label))).length,
  };
}
