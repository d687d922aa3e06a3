import { terms, type Stance } from "@bernard/nlp";
import type { JobContext } from "@bernard/toolkit";
import { OFFLINE_ENGINE, modelAuthor } from "@bernard/toolkit/change-log";
import {
  FALLBACK_THEMES,
  type OTHER,
  type MappedResponse,
  type Theme,
  type ThemeWriteUp,
} from "../engine/types.js";
import type { ToolDatabase } from "./database.js";
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

/** The database client of a job step: what it writes commits with the step, or not at all. */
export type StepSql = Parameters<Parameters<JobContext<unknown>["step"]>[1]>[0];

/**
 * A response a person has placed: marked reviewed, or given a theme by a reviewer (chosen, moved
 * or merged). No engine ever re-maps it.
 */
const PLACED_BY_PERSON = `(r.reviewed OR EXISTS (
  SELECT 1 FROM response_theme p WHERE p.response_id = r.id AND p.source = 'person'))`;

/**
 * The question's responses no person has placed: the only ones an analysis maps. The final
 * mapping takes only those of them with no theme yet, so sign-off changes no theme's responses.
 */
export async function unplacedResponses(
  db: ToolDatabase,
  questionId: string,
  { withoutThemes = false } = {},
) {
  const unmapped = withoutThemes
    ? `AND NOT EXISTS (SELECT 1 FROM response_theme l WHERE l.response_id = r.id)`
    : "";
  return db.$queryRawUnsafe<{ id: string; text: string; closed: string | null }[]>(
    // In the file's order, as the command line reads them, so a model gets the same batches on
    // every run (response IDs are random).
    `SELECT r.id::text, r.text, r.closed FROM response r
     JOIN respondent p ON p.id = r.respondent_id
     WHERE r.question_id = $1::uuid AND NOT ${PLACED_BY_PERSON} ${unmapped}
     ORDER BY p.row_number, r.id`,
    questionId,
  );
}

/**
 * The themes a new analysis keeps: every theme a person added or changed, and every theme a
 * person placed a response in ("Other" and "No reason given" under the IDs engines know them by).
 */
export async function reviewedThemes(db: ToolDatabase, questionId: string) {
  const themes = await db.$queryRawUnsafe<
    {
      id: string;
      label: string;
      description: string;
      stance: string;
      keyphrases: string[] | null;
    }[]
  >(
    `SELECT t.id::text, t.label, t.description, t.stance, t.keyphrases FROM theme t
     WHERE t.question_id = $1::uuid AND (t.source = 'person' OR EXISTS (
       SELECT 1 FROM response_theme rt JOIN response r ON r.id = rt.response_id
       WHERE rt.theme_id = t.id AND ${PLACED_BY_PERSON}))
     ORDER BY t.created_at, t.id`,
    questionId,
  );
  const fallbackIds = new Map(FALLBACK_THEMES.map((theme) => [theme.label, theme.id]));
  return themes.map((theme) => ({
    id: fallbackIds.get(theme.label) ?? theme.id,
    label: theme.label,
    description: theme.description,
    stance: theme.stance as Stance,
    keyphrases: theme.keyphrases ?? [],
  }));
}

/** What analysing a question again will do to what reviewers decided, said before it starts. */
export async function reanalysisPlan(db: ToolDatabase, questionId: string) {
  const [kept, [counts]] = await Promise.all([
    reviewedThemes(db, questionId),
    db.$queryRawUnsafe<{ placed: number; unplaced: number; themes: number }[]>(
      `SELECT count(*) FILTER (WHERE ${PLACED_BY_PERSON})::int AS placed,
              count(*) FILTER (WHERE NOT ${PLACED_BY_PERSON})::int AS unplaced,
              (SELECT count(*)::int FROM theme WHERE question_id = $1::uuid) AS themes
       FROM response r WHERE r.question_id = $1::uuid`,
      questionId,
    ),
  ]);
  return {
    themesKept: kept.map((theme) => theme.label),
    themesReplaced: counts!.themes - kept.length,
    responsesKept: counts!.placed,
    responsesToMap: counts!.unplaced,
  };
}

/**
 * The themes a new analysis maps responses to: those reviewers kept, then each discovered theme
 * that is not one of them again (same label, or most of the same key phrases), so a renamed
 * theme is not found a second time under its old name.
 */
export function themesForReanalysis(kept: DiscoveredOrKept[], discovered: DiscoveredOrKept[]) {
  const fresh = discovered.filter((theme) => !kept.some((reviewed) => sameTheme(reviewed, theme)));
  return [...kept, ...fresh];
}

type DiscoveredOrKept = Theme & { keyphrases?: string[] };

function sameTheme(a: DiscoveredOrKept, b: DiscoveredOrKept): boolean {
  if (a.id === b.id || a.label.toLowerCase() === b.label.toLowerCase()) return true;
  const [left, right] = [new Set(a.keyphrases ?? []), new Set(b.keyphrases ?? [])];
  if (left.size === 0 || right.size === 0) return false;
  const shared = [...left].filter((phrase) => right.has(phrase)).length;
  return shared / new Set([...left, ...right]).size >= 0.5;
}

/**
 * Saves a fresh analysis as one fenced job step, keeping every reviewer decision: themes a person
 * added, changed or placed responses in stay (with their summary refreshed), the AI's other
 * themes are replaced, and only responses no person has placed get the new mapping. A new theme
 * whose responses are mostly a kept theme's is folded into it, so no theme appears twice. Also
 * writes the evaluation's copy of the AI mapping, the unprocessed list, the change log entry and
 * how much the themes changed since the run before.
 */
export async function saveThemesAndMapping(
  sql: StepSql,
  questionId: string,
  outcome: AnalysisOutcome & { writeUps: Map<string, ThemeWriteUp>; keptIds: string[] },
) {
  await sql.query(`SELECT 1 FROM question WHERE id = $1 FOR UPDATE`, [questionId]);
  const placed = await placedIds(sql, questionId);
  const mapped = outcome.mapped.filter((response) => !placed.has(response.id));
  const unprocessed = outcome.unprocessed.filter((response) => !placed.has(response.id));
  const previous = (
    await sql.query<{ label: string }>(
      `SELECT label FROM theme WHERE question_id = $1 AND source = 'ai'`,
      [questionId],
    )
  ).rows;
  const ids = await keptThemeIds(sql, questionId, outcome.keptIds);
  // AI themes no person touched go, with their links; reviewers' themes and links stay.
  await sql.query(
    `DELETE FROM theme t WHERE t.question_id = $1 AND t.source = 'ai' AND t.id <> ALL($2::uuid[])
     AND NOT EXISTS (SELECT 1 FROM response_theme rt JOIN response r ON r.id = rt.response_id
                     WHERE rt.theme_id = t.id AND ${PLACED_BY_PERSON})`,
    [questionId, [...ids.values()]],
  );
  await deleteLinksOf(
    sql,
    [...mapped, ...unprocessed].map((response) => response.id),
  );

  const foldedInto = foldRepeats(outcome.themes, mapped, ids);
  const created: Theme[] = [];
  for (const theme of outcome.themes) {
    if (ids.has(theme.id)) {
      // A kept theme's write-up is refreshed; its quotes are the new ones when there are any.
      const writeUp = outcome.writeUps.get(theme.id);
      if (writeUp?.summary)
        await sql.query(`UPDATE theme SET summary = $2 WHERE id = $1`, [
          ids.get(theme.id),
          writeUp.summary,
        ]);
      if (writeUp && writeUp.quoteIds.length > 0)
        await sql.query(`UPDATE response_theme SET representative = false WHERE theme_id = $1`, [
          ids.get(theme.id),
        ]);
      continue;
    }
    const into = foldedInto.get(theme.id);
    if (into) {
      ids.set(theme.id, ids.get(into)!);
      continue;
    }
    const row = await sql.query<{ id: string }>(
      `INSERT INTO theme (id, question_id, label, description, stance, source, keyphrases, summary)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, 'ai', $5, $6) RETURNING id::text`,
      [
        questionId,
        theme.label,
        theme.description,
        theme.stance ?? "neutral",
        "keyphrases" in theme ? (theme.keyphrases as string[]) : [],
        outcome.writeUps.get(theme.id)?.summary || null,
      ],
    );
    ids.set(theme.id, row.rows[0]!.id);
    created.push(theme);
  }
  const quotes = new Set(
    [...outcome.writeUps].flatMap(([themeId, writeUp]) =>
      writeUp.quoteIds.map((responseId) => `${ids.get(themeId)}:${responseId}`),
    ),
  );
  await writeMapping(sql, { mapped: inRows(mapped, ids), unprocessed }, quotes);
  const themes = outcome.keptIds.length + created.length;
  const stability = previous.length > 0 ? compareThemes(previous, outcome.themes) : undefined;
  const report = {
    engine: outcome.engine,
    themes,
    responses: mapped.length,
    unprocessed: unprocessed.length,
    ...(placed.size > 0
      ? { kept: { themes: outcome.keptIds.length, responses: placed.size } }
      : {}),
    ...(foldedInto.size > 0 ? { folded: foldedInto.size } : {}),
    ...(stability ? { stability } : {}),
  };
  await sql.query(
    `UPDATE question SET analysed_at = now(), analysed_with = $2, analysis_report = $3,
       final_mapped_at = NULL WHERE id = $1`,
    [questionId, outcome.engine, JSON.stringify(report)],
  );
  await recordAi(sql, questionId, outcome.engine, "analysis.finished", report);
  return report;
}

/**
 * Applies the signed-off themes, as one fenced job step, to the responses no person has placed
 * (a reviewer's placements are never re-mapped). Quotes and summaries are rewritten only for
 * themes a person changed or whose responses changed; every other theme keeps its own.
 */
export async function saveFinalMapping(
  sql: StepSql,
  questionId: string,
  outcome: AnalysisOutcome & { writeUps: Map<string, ThemeWriteUp> },
) {
  await sql.query(`SELECT 1 FROM question WHERE id = $1 FOR UPDATE`, [questionId]);
  const placed = await placedIds(sql, questionId);
  const mapped = outcome.mapped.filter((response) => !placed.has(response.id));
  const unprocessed = outcome.unprocessed.filter((response) => !placed.has(response.id));
  const ids = await keptThemeIds(
    sql,
    questionId,
    outcome.themes.map((theme) => theme.id),
  );
  for (const fallback of FALLBACK_THEMES) {
    if (!ids.has(fallback.id))
      ids.set(fallback.id, await fallbackThemeId(sql, questionId, fallback));
  }
  const rewritten = new Set([...outcome.writeUps.keys()].map((id) => ids.get(id)!));
  // Quotes stay where the response stays in the same theme, unless that theme's write-up is new.
  const quotes = new Set(
    (
      await sql.query<{ key: string }>(
        `SELECT rt.theme_id || ':' || rt.response_id AS key FROM response_theme rt
         WHERE rt.response_id = ANY($1::uuid[]) AND rt.representative`,
        [mapped.map((response) => response.id)],
      )
    ).rows
      .map((row) => row.key)
      .filter((key) => !rewritten.has(key.slice(0, 36))),
  );
  for (const [themeId, writeUp] of outcome.writeUps) {
    const id = ids.get(themeId)!;
    await sql.query(`UPDATE theme SET summary = $2 WHERE id = $1`, [id, writeUp.summary || null]);
    await sql.query(`UPDATE response_theme SET representative = false WHERE theme_id = $1`, [id]);
    await sql.query(
      `UPDATE response_theme SET representative = true WHERE theme_id = $1 AND response_id = ANY($2::uuid[])`,
      [id, writeUp.quoteIds],
    );
    for (const responseId of writeUp.quoteIds) quotes.add(`${id}:${responseId}`);
  }
  await deleteLinksOf(
    sql,
    [...mapped, ...unprocessed].map((response) => response.id),
  );
  await writeMapping(sql, { mapped: inRows(mapped, ids), unprocessed }, quotes);
  const report = {
    engine: outcome.engine,
    responses: mapped.length,
    unprocessed: unprocessed.length,
    kept: placed.size,
    rewritten: rewritten.size,
  };
  await sql.query(`UPDATE question SET final_mapped_at = now() WHERE id = $1`, [questionId]);
  await recordAi(sql, questionId, outcome.engine, "final_mapping.finished", report);
  return report;
}

async function placedIds(sql: StepSql, questionId: string): Promise<Set<string>> {
  const rows = await sql.query<{ id: string }>(
    `SELECT r.id::text FROM response r WHERE r.question_id = $1 AND ${PLACED_BY_PERSON}`,
    [questionId],
  );
  return new Set(rows.rows.map((row) => row.id));
}

/** Engine IDs (a theme's own, or "other"/"no-reason") of themes that still exist, to their row IDs. */
async function keptThemeIds(sql: StepSql, questionId: string, themeIds: string[]) {
  const rows = await sql.query<{ id: string; label: string }>(
    `SELECT id::text, label FROM theme WHERE question_id = $1`,
    [questionId],
  );
  const ids = new Map<string, string>();
  for (const row of rows.rows) {
    const fallback = FALLBACK_THEMES.find((theme) => theme.label === row.label);
    const engineId = fallback?.id ?? row.id;
    if (themeIds.includes(engineId)) ids.set(engineId, row.id);
  }
  return ids;
}

async function fallbackThemeId(sql: StepSql, questionId: string, fallback: typeof OTHER) {
  const row = await sql.query<{ id: string }>(
    `INSERT INTO theme (id, question_id, label, description, stance, source, keyphrases)
     VALUES (gen_random_uuid(), $1, $2, $3, 'neutral', 'ai', '{}') RETURNING id::text`,
    [questionId, fallback.label, fallback.description],
  );
  return row.rows[0]!.id;
}

async function deleteLinksOf(sql: StepSql, responseIds: string[]) {
  await sql.query(`DELETE FROM response_theme WHERE response_id = ANY($1::uuid[])`, [responseIds]);
}

/**
 * New themes whose mapped responses are mostly a kept theme's (half or more in common) fold into
 * it: the same theme found again, perhaps under its name from before a reviewer renamed it.
 */
function foldRepeats(themes: Theme[], mapped: MappedResponse[], kept: Map<string, string>) {
  const members = new Map<string, Set<string>>();
  for (const response of mapped)
    for (const themeId of response.themeIds)
      members.set(themeId, (members.get(themeId) ?? new Set()).add(response.id));
  const folded = new Map<string, string>();
  for (const theme of themes) {
    if (kept.has(theme.id)) continue;
    const own = members.get(theme.id) ?? new Set<string>();
    if (own.size === 0) continue;
    for (const keptId of kept.keys()) {
      const theirs = members.get(keptId) ?? new Set<string>();
      const shared = [...own].filter((id) => theirs.has(id)).length;
      if (shared / new Set([...own, ...theirs]).size >= 0.5) {
        folded.set(theme.id, keptId);
        break;
      }
    }
  }
  return folded;
}

/** Mapped responses with their themes as row IDs (each once). */
function inRows(mapped: MappedResponse[], ids: Map<string, string>): MappedResponse[] {
  return mapped.map((response) => ({
    ...response,
    themeIds: [...new Set(response.themeIds.map((themeId) => ids.get(themeId)!))],
  }));
}

/** The mapping's links and each response's stance, evidence, AI themes and unprocessed reason. */
async function writeMapping(
  sql: StepSql,
  outcome: Pick<AnalysisOutcome, "mapped" | "unprocessed">,
  quotes: Set<string>,
) {
  for (let start = 0; start < outcome.mapped.length; start += ROWS_PER_STATEMENT) {
    const batch = outcome.mapped.slice(start, start + ROWS_PER_STATEMENT);
    const links = batch.flatMap((response) =>
      response.themeIds.map((themeId) => ({
        response: response.id,
        theme: themeId,
        why: response.rationale,
        quote: quotes.has(`${themeId}:${response.id}`),
      })),
    );
    await sql.query(
      `INSERT INTO response_theme (response_id, theme_id, source, rationale, representative)
       SELECT v.response, v.theme, 'ai', v.why, v.quote
       FROM jsonb_to_recordset($1::jsonb) AS v(response uuid, theme uuid, why text, quote boolean)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(links)],
    );
    const rows = batch.map((response) => ({
      id: response.id,
      stance: response.stance,
      rich: response.evidenceRich,
      why: response.evidenceReason,
      themes: response.themeIds,
    }));
    await sql.query(
      `UPDATE response AS r
       SET stance = v.stance, evidence_rich = v.rich, evidence_why = v.why,
           ai_theme_ids = v.themes, unprocessed = NULL
       FROM jsonb_to_recordset($1::jsonb)
         AS v(id uuid, stance text, rich boolean, why text, themes uuid[])
       WHERE r.id = v.id`,
      [JSON.stringify(rows)],
    );
  }
  await sql.query(
    `UPDATE response AS r SET unprocessed = v.reason, ai_theme_ids = '{}'
     FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, reason text) WHERE r.id = v.id`,
    [JSON.stringify(outcome.unprocessed)],
  );
}

async function recordAi(
  sql: StepSql,
  questionId: string,
  engine: string,
  action: "analysis.finished" | "final_mapping.finished",
  details: Record<string, unknown>,
) {
  const by = engine === "model" ? modelAuthor() : OFFLINE_ENGINE;
  const entry = questionChanges.entry({ action, by, details });
  await sql.query(
    `INSERT INTO change (question_id, actor_id, actor_name, source, action, details)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      questionId,
      entry.actorId,
      entry.actorName,
      entry.source,
      entry.action,
      JSON.stringify(entry.details),
    ],
  );
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
