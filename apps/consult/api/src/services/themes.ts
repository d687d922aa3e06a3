import type { ToolDatabase } from "./database.js";

export interface ThemeSummary {
  id: string;
  label: string;
  description: string;
  stance: string;
  source: string;
  keyphrases: string[];
  /** What its responses say (model engine), or what share raise each of its phrases (offline). */
  summary: string | null;
  count: number;
  /** Share of the question's responses, 0–100. */
  percent: number;
  stances: { support: number; oppose: number; neutral: number };
  /** Responses that best show the theme: their id and text. */
  representatives: { id: string; text: string }[];
}

/** A question's themes, most responses first, with counts, percentages and the stance split. */
export async function listThemes(db: ToolDatabase, questionId: string): Promise<ThemeSummary[]> {
  const [total, themes] = await Promise.all([
    db.response.count({ where: { questionId } }),
    db.theme.findMany({
      where: { questionId },
      include: {
        responses: { include: { response: { select: { id: true, text: true, stance: true } } } },
      },
    }),
  ]);
  return themes
    .map((theme) => {
      const stances = { support: 0, oppose: 0, neutral: 0 };
      for (const { response } of theme.responses) {
        const stance = (response.stance ?? "neutral") as keyof typeof stances;
        stances[stance] += 1;
      }
      return {
        id: theme.id,
        label: theme.label,
        description: theme.description,
        stance: theme.stance,
        source: theme.source,
        keyphrases: theme.keyphrases,
        summary: theme.summary,
        count: theme.responses.length,
        percent: total === 0 ? 0 : Math.round((1000 * theme.responses.length) / total) / 10,
        stances,
        representatives: theme.responses
          .filter((link) => link.representative)
          .map(({ response }) => ({ id: response.id, text: response.text })),
      };
    })
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}
