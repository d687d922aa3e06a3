import {
  centroid,
  clusterAutomatically,
  cosine,
  cosineDense,
  dimensionOf,
  evidenceCues,
  fitTfIdf,
  groupKeyphrases,
  isEvidenceRich,
  nearest,
  normalise,
  stanceFromText,
  terms,
  toDense,
  type SparseVector,
  type Stance,
} from "@bernard/nlp";
import {
  NO_REASON,
  OTHER,
  type AnalysisEngine,
  type ConsultationResponse,
  type DiscoveredTheme,
  type MappedResponse,
  type Theme,
  type ThemeWriteUp,
} from "./types.js";

/** Shorter than this, a response gives no reason to map. */
const MIN_REASON_TERMS = 2;

export interface MappingOptions {
  /** A second (third) theme is added when it scores at least this share of the best. */
  secondThemeRatio?: number;
  /** Below this similarity nothing matches, and the response goes to Other. */
  minSimilarity?: number;
}

/**
 * The offline engine: theme discovery by clustering, multi-label mapping by similarity, stance
 * and evidence by measurable cues. No model, deterministic for a given input.
 */
export class OfflineEngine {
  /**
   * Themes found in the responses: TF-IDF vectors clustered with the number of clusters chosen
   * by silhouette, each labelled with its distinctive phrases (class-based TF-IDF) and a stance.
   * Support and opposition are clustered apart, so opposing views never share a theme.
   */
  discoverThemes(responses: ConsultationResponse[], { maxThemes = 12 } = {}): DiscoveredTheme[] {
    const withReasons = responses.filter(
      (response) => terms(response.text).length >= MIN_REASON_TERMS,
    );
    const model = fitTfIdf(withReasons.map((response) => response.text));
    const themes: DiscoveredTheme[] = [];
    const sides: Stance[] = ["support", "oppose", "neutral"];
    const bySide = new Map(sides.map((side) => [side, [] as ConsultationResponse[]]));
    for (const response of withReasons)
      bySide.get(stanceFromText(response.text, response.closed))!.push(response);
    const total = withReasons.length;
    for (const side of sides) {
      const members = bySide.get(side)!;
      if (members.length < 3) continue;
      const vectors = members.map((response) => model.vectorize(response.text));
      const share = Math.max(2, Math.round((maxThemes * members.length) / total));
      const clustering = clusterAutomatically(vectors, { minK: 2, maxK: share });
      const groups = clustering.centroids.map((_, cluster) =>
        members.filter((_, index) => clustering.assignments[index] === cluster),
      );
      const phrases = groupKeyphrases(
        groups.map((group) => group.map((response) => response.text)),
      );
      groups.forEach((group, cluster) => {
        if (group.length === 0) return;
        const centre = clustering.centroids[cluster]!;
        const representatives = group
          .map((response) => ({
            id: response.id,
            similarity: cosine(model.vectorize(response.text), centre),
          }))
          .sort((a, b) => b.similarity - a.similarity || a.id.localeCompare(b.id))
          .slice(0, 3)
          .map((entry) => entry.id);
        const keyphrases = phrases[cluster] ?? [];
        themes.push({
          id: `t${themes.length + 1}`,
          label: labelFrom(keyphrases, side),
          description:
            `Responses that ${side === "support" ? "support the proposal and" : side === "oppose" ? "oppose the proposal and" : ""} mention ${keyphrases.slice(0, 4).join(", ") || "related points"}.`.replace(
              "  ",
              " ",
            ),
          stance: side,
          keyphrases,
          representatives,
        });
      });
    }
    return themes;
  }

  /**
   * Each response mapped to one or more themes: similarity to the theme's words (label and
   * description), refined once by the responses that most clearly belong to it; responses
   * without a reason go to "No reason given", and those like no theme to "Other".
   */
  mapResponses(
    responses: ConsultationResponse[],
    themes: Theme[],
    { secondThemeRatio = 0.6, minSimilarity = 0.04 }: MappingOptions = {},
  ): MappedResponse[] {
    const themeText = (theme: Theme) => `${theme.label}. ${theme.label}. ${theme.description}`;
    const model = fitTfIdf(
      [...responses.map((response) => response.text), ...themes.map(themeText)],
      {
        minDocs: 1,
      },
    );
    const vectors = responses.map((response) => model.vectorize(response.text));
    const themeWords = themes.map((theme) => model.vectorize(themeText(theme)));
    const size = dimensionOf([...vectors, ...themeWords]);
    // Themes are dense: every response is compared with every theme, twice.
    const first = themeWords.map((vector) => toDense(vector, size));

    // Pseudo-relevance feedback: each theme takes on the words of its clearest responses.
    const best = vectors.map((vector) => nearest(vector, first));
    const clearOf = themes.map((): SparseVector[] => []);
    vectors.forEach((vector, response) => {
      if (best[response]!.similarity >= minSimilarity * 2)
        clearOf[best[response]!.index]!.push(vector);
    });
    const themeVectors = themeWords.map((themeVector, index) =>
      toDense(
        clearOf[index]!.length === 0
          ? themeVector
          : normalise(blend(themeVector, centroid(clearOf[index]!), 0.5)),
        size,
      ),
    );

    return responses.map((response, index) => {
      const cues = evidenceCues(response.text);
      const evidence = isEvidenceRich(cues);
      const stance = stanceFromText(response.text, response.closed);
      const base = {
        id: response.id,
        stance,
        evidenceRich: evidence.rich,
        evidenceReason: evidence.reason,
      };
      if (terms(response.text).length < MIN_REASON_TERMS) {
        return { ...base, themeIds: [NO_REASON.id], rationale: "Too short to give a reason." };
      }
      // Opposing views never share a theme: a supporter is not mapped to an opponents' theme.
      const opposite =
        stance === "support" ? "oppose" : stance === "oppose" ? "support" : undefined;
      const scored = themeVectors
        .map((themeVector, theme) => ({
          theme: themes[theme]!,
          similarity: cosineDense(vectors[index]!, themeVector),
        }))
        .filter((entry) => !opposite || entry.theme.stance !== opposite)
        .sort((a, b) => b.similarity - a.similarity || a.theme.id.localeCompare(b.theme.id));
      const top = scored[0];
      if (!top || top.similarity < minSimilarity) {
        return { ...base, themeIds: [OTHER.id], rationale: "Not like any theme's words." };
      }
      const chosen = scored.filter(
        (entry, rank) =>
          rank === 0 || (rank < 3 && entry.similarity >= top.similarity * secondThemeRatio),
      );
      return {
        ...base,
        themeIds: chosen.map((entry) => entry.theme.id),
        rationale: chosen
          .map((entry) => `${entry.theme.label} (similarity ${entry.similarity.toFixed(2)})`)
          .join("; "),
      };
    });
  }

  /**
   * For each theme: the phrases its responses use most distinctively, and the three responses
   * closest to their centre, quoted as they are.
   */
  writeUp(
    themes: Theme[],
    members: Map<string, ConsultationResponse[]>,
  ): Map<string, ThemeWriteUp> {
    const withResponses = themes.filter((theme) => (members.get(theme.id)?.length ?? 0) > 0);
    const groups = withResponses.map((theme) => members.get(theme.id)!);
    const phrases = groupKeyphrases(groups.map((group) => group.map((response) => response.text)));
    const model = fitTfIdf(
      groups.flat().map((response) => response.text),
      { minDocs: 1 },
    );
    return new Map(
      withResponses.map((theme, index) => {
        const group = groups[index]!;
        const vectors = group.map((response) => model.vectorize(response.text));
        const centre = centroid(vectors);
        const quoteIds = group
          .map((response, member) => ({ response, member }))
          .filter(({ response }) => response.text.trim() !== "") // a closed answer alone says nothing to quote
          .map(({ response, member }) => ({
            id: response.id,
            similarity: cosine(vectors[member]!, centre),
          }))
          .sort((a, b) => b.similarity - a.similarity || a.id.localeCompare(b.id))
          .slice(0, 3)
          .map((entry) => entry.id);
        const mentioned = phrases[index]!.slice(0, 4);
        const summary =
          mentioned.length > 0 ? `Most often mentioned: ${mentioned.join(", ")}.` : "";
        return [theme.id, { summary, quoteIds }];
      }),
    );
  }
}

function blend(a: SparseVector, b: SparseVector, weightOfB: number): SparseVector {
  const result: SparseVector = new Map();
  for (const [term, weight] of a) result.set(term, weight * (1 - weightOfB));
  for (const [term, weight] of b) result.set(term, (result.get(term) ?? 0) + weight * weightOfB);
  return result;
}

/** A short label from a theme's phrases: the top two, capitalised. */
function labelFrom(keyphrases: string[], stance: Stance): string {
  const words = keyphrases.slice(0, 2).join(", ");
  const label = words ? words[0]!.toUpperCase() + words.slice(1) : "Other points";
  return stance === "neutral" ? label : `${label} (${stance === "support" ? "for" : "against"})`;
}

/** The offline engine as the analysis job uses it. */
export function offlineAnalysis(engine = new OfflineEngine()): AnalysisEngine {
  return {
    name: "offline",
    // Mapping learns from the whole question at once (feedback from the clearest responses).
    mappingChunk: Number.MAX_SAFE_INTEGER,
    discoverThemes: async (responses) => engine.discoverThemes(responses),
    mapResponses: async (responses, themes) => ({
      mapped: engine.mapResponses(responses, themes),
      unprocessed: [],
    }),
    writeUp: async (themes, members) => engine.writeUp(themes, members),
  };
}
