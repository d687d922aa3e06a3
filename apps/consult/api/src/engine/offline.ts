import {
  blend,
  centroid,
  clusterAutomatically,
  cosine,
  cosineDense,
  dimensionOf,
  evidenceCues,
  fitTfIdf,
  givesReason,
  groupLabels,
  groupPhrases,
  isEvidenceRich,
  labelFromPhrases,
  leadingPhrase,
  nearest,
  normalise,
  proposalOf,
  representativeSentence,
  sampleByContent,
  stanceFromText,
  stancesOf,
  terms,
  termsWithPhrases,
  toDense,
  type Proposal,
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

export interface MappingOptions {
  /** A second (third) theme is added when it scores at least this share of the best. */
  secondThemeRatio?: number;
  /** Below this similarity nothing matches, and the response goes to Other. */
  minSimilarity?: number;
}

const FALLBACK_IDS = new Set([OTHER.id, NO_REASON.id]);

/** A theme's write-up reads at most this many of its responses. */
const WRITE_UP_FROM = 2_000;

const WHO: Record<Stance, string> = {
  support: "Supporters of the proposal",
  oppose: "Opponents of the proposal",
  neutral: "Respondents",
};

/**
 * The offline engine: theme discovery by clustering, multi-label mapping by similarity, stance
 * and evidence by measurable cues. No model, deterministic for a given question and set of
 * answers, whatever their order or IDs.
 */
export class OfflineEngine {
  /** What the question proposes, if anything: stance is read relative to it. */
  private readonly proposal: Proposal | undefined;
  /** The question's own words: every response is about them, so they tell views apart less. */
  private readonly questionTerms: ReadonlySet<string>;

  constructor({ question = "" }: { question?: string } = {}) {
    this.proposal = proposalOf(question);
    this.questionTerms = new Set(terms(question));
  }

  /**
   * Themes found in the responses: TF-IDF vectors clustered with the number of clusters chosen
   * by silhouette, each labelled with its most distinctive phrase in respondents' words and
   * described by its most representative sentence. Where the question has a proposal (a closed
   * part, or a yes/no question), supporters and opponents are clustered apart, so opposing
   * views never share a theme; elsewhere nobody is for or against anything.
   */
  discoverThemes(responses: ConsultationResponse[], { maxThemes = 12 } = {}): DiscoveredTheme[] {
    const withReasons = inCanonicalOrder(responses).filter((response) =>
      givesReason(response.text),
    );
    // A number alone ("since 2011", "15 minutes") says when or how much, not what the view is;
    // the question's own words say what every response is about.
    const model = fitTfIdf(
      withReasons.map((response) => response.text),
      {
        tokenize: (text) => termsWithPhrases(text).filter(withoutNumbers),
        termWeight: (term) => (this.questionTerms.has(term) ? QUESTION_TERM_WEIGHT : 1),
      },
    );
    const vectorOf = new Map(
      model.documentVectors().map((vector, index) => [withReasons[index]!, vector]),
    );
    const themes: DiscoveredTheme[] = [];
    const stances = this.splitsBySide(withReasons)
      ? stancesOf(withReasons, this.proposal)
      : withReasons.map((): Stance => "neutral");
    const sides: Stance[] = ["support", "oppose", "neutral"];
    const bySide = new Map(sides.map((side) => [side, [] as ConsultationResponse[]]));
    withReasons.forEach((response, index) => bySide.get(stances[index]!)!.push(response));
    const total = withReasons.length;
    const split = bySide.get("neutral")!.length < total;
    const labels = new Set<string>();
    for (const side of sides) {
      const members = bySide.get(side)!;
      if (members.length < 3) continue;
      const vectors = members.map((response) => vectorOf.get(response)!);
      const share = Math.max(2, Math.round((maxThemes * members.length) / total));
      // Silhouette alone settles on a few broad clusters; an analyst expects about √n themes.
      const atLeast = Math.min(share, Math.max(2, Math.round(Math.sqrt(members.length))));
      const clustering = clusterAutomatically(vectors, { minK: atLeast, maxK: share });
      const groups = clustering.centroids.map((_, cluster) =>
        members.filter((_, index) => clustering.assignments[index] === cluster),
      );
      const texts = groups.map((group) => group.map((response) => response.text));
      const phrases = groupPhrases(texts);
      const clauseLabels = groupLabels(texts, phrases);
      groups.forEach((group, cluster) => {
        // One response is not a theme, nor are responses with no phrase in common: they map elsewhere.
        if (group.length < 2 || (phrases[cluster] ?? []).length === 0) return;
        const centre = clustering.centroids[cluster]!;
        const representatives = group
          .map((response) => ({
            id: response.id,
            text: response.text,
            similarity: cosine(vectorOf.get(response)!, centre),
          }))
          .sort((a, b) => b.similarity - a.similarity || a.id.localeCompare(b.id));
        const keyphrases = phrases[cluster] ?? [];
        // Two themes never share a label: the next phrase tells them apart.
        let label = clauseLabels[cluster]!;
        for (let skip = 0; labels.has(label) && skip < keyphrases.length; skip += 1)
          label = labelFromPhrases(keyphrases.slice(skip));
        labels.add(label);
        themes.push({
          id: `t${themes.length + 1}`,
          label:
            split && side !== "neutral"
              ? `${label} (${side === "support" ? "for" : "against"})`
              : label,
          description: describe(
            side,
            keyphrases,
            representatives.slice(0, 5).map((entry) => entry.text),
          ),
          stance: side,
          keyphrases,
          representatives: representatives.slice(0, 3).map((entry) => entry.id),
        });
      });
    }
    return themes;
  }

  /**
   * Whose view a theme holds: its own stance, else (where the question has a yes/no proposal)
   * the side its label and description take ("Support for a complete ban"), else none.
   */
  private stanceOfTheme(theme: Theme): Stance | undefined {
    if (theme.stance) return theme.stance;
    if (this.proposal?.kind !== "yes-no") return undefined;
    return stanceFromText(`${theme.label}. ${theme.description}`, undefined, this.proposal);
  }

  /** Stance splits themes only where the question proposes something: a closed part or a yes/no question. */
  private splitsBySide(responses: ConsultationResponse[]): boolean {
    return (
      this.proposal?.kind === "yes-no" || responses.some((response) => response.closed?.trim())
    );
  }

  /**
   * Each response mapped to one or more themes: similarity to the theme's words (label and
   * description), refined once by the responses that most clearly belong to it; responses
   * without a reason go to "No reason given", and those like no theme to "Other".
   */
  mapResponses(
    responses: ConsultationResponse[],
    themes: Theme[],
    { secondThemeRatio = 0.4, minSimilarity = 0.02 }: MappingOptions = {},
  ): MappedResponse[] {
    // A theme's label counts twice; but a found theme's label is one clause of one of its
    // responses, so there its leading phrase, which many of them share, counts twice more.
    const themeText = (theme: Theme) => {
      const phrases = keyphrasesOf(theme) ?? [];
      const lead = leadingPhrase(phrases);
      const named = lead ? [theme.label, lead, lead] : [theme.label, theme.label];
      return [...named, theme.description, ...phrases].join(". ");
    };
    const model = fitTfIdf(
      [...responses.map((response) => response.text), ...themes.map(themeText)],
      { minDocs: 1 },
    );
    const documents = model.documentVectors();
    const vectors = documents.slice(0, responses.length);
    const themeWords = documents.slice(responses.length);
    const size = dimensionOf([...vectors, ...themeWords]);
    // Themes are dense: every response is compared with every theme, twice.
    const first = themeWords.map((vector) => toDense(vector, size));
    // Pseudo-relevance feedback: each theme takes on the words of the responses that clearly
    // belong to it, keeping half of its own words.
    const clearOf = themes.map((): SparseVector[] => []);
    for (const vector of vectors) {
      const best = nearest(vector, first);
      if (best.similarity >= minSimilarity * 2) clearOf[best.index]!.push(vector);
    }
    const themeVectors = themeWords.map((themeVector, index) =>
      toDense(
        clearOf[index]!.length === 0
          ? themeVector
          : normalise(blend(themeVector, centroid(clearOf[index]!), 0.5)),
        size,
      ),
    );
    const themeStances = themes.map((theme) => this.stanceOfTheme(theme));
    // The themes a response may join, by its stance: never a fallback, and opposing views never
    // share a theme (a supporter is not mapped to an opponents' theme).
    const joinable = (stance: Stance) => {
      const opposite =
        stance === "support" ? "oppose" : stance === "oppose" ? "support" : undefined;
      return themes.flatMap((theme, at) =>
        FALLBACK_IDS.has(theme.id) || (opposite && themeStances[at] === opposite) ? [] : [at],
      );
    };
    const joinableBy: Record<Stance, number[]> = {
      support: joinable("support"),
      oppose: joinable("oppose"),
      neutral: joinable("neutral"),
    };

    const stances = stancesOf(responses, this.proposal);
    return responses.map((response, index): MappedResponse => {
      const cues = evidenceCues(response.text);
      const evidence = isEvidenceRich(cues);
      const stance = stances[index]!;
      const base = {
        id: response.id,
        stance,
        evidenceRich: evidence.rich,
        evidenceReason: evidence.reason,
      };
      if (!givesReason(response.text)) {
        return {
          ...base,
          themeIds: [NO_REASON.id],
          rationale: "Says no more than which side it takes.",
        };
      }
      const scored = joinableBy[stance]
        .map((at) => ({
          theme: themes[at]!,
          similarity: cosineDense(vectors[index]!, themeVectors[at]!),
        }))
        .sort((a, b) => b.similarity - a.similarity || (a.theme.id < b.theme.id ? -1 : 1));
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
        // Said in words, not scores: a reviewer reads why, and decides.
        rationale: `Uses words like those of ${chosen.length === 1 ? "this theme" : "these themes"}: ${chosen
          .map((entry) => `“${entry.theme.label}”`)
          .join(", ")}.`,
      };
    });
  }

  /**
   * For each theme: the phrases its responses use most distinctively, and the three responses
   * closest to their centre, quoted as they are. A large theme is read from a sample of its
   * responses chosen by what they say: its phrases and centre are settled long before the end.
   */
  writeUp(
    themes: Theme[],
    members: Map<string, ConsultationResponse[]>,
  ): Map<string, ThemeWriteUp> {
    const withResponses = themes.filter((theme) => (members.get(theme.id)?.length ?? 0) > 0);
    const groups = withResponses.map((theme) =>
      sampleByContent(members.get(theme.id)!, WRITE_UP_FROM, (response) => response.text),
    );
    const phrases = groupPhrases(groups.map((group) => group.map((response) => response.text)));
    // A response in several themes is weighed once (the model is fitted on each response once).
    const everyone = [...new Set(groups.flat())];
    const model = fitTfIdf(
      everyone.map((response) => response.text),
      { minDocs: 1 },
    );
    const vectorOf = new Map(
      model.documentVectors().map((vector, index) => [everyone[index]!, vector]),
    );
    return new Map(
      withResponses.map((theme, index) => {
        const group = groups[index]!;
        const vectors = group.map((response) => vectorOf.get(response)!);
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
        const texts = group.map((response) => response.text);
        const count = members.get(theme.id)!.length;
        const summary = summarise(
          theme.stance ?? "neutral",
          keyphrasesOf(theme) ?? phrases[index]!,
          texts,
          count,
          this.questionTerms,
        );
        return [theme.id, { summary, quoteIds }];
      }),
    );
  }
}

/**
 * Responses ordered by what they say, not by ID or file order: clustering is seeded by position,
 * so the command line (file order, respondent IDs) and the app (database IDs) find the same themes.
 */
function inCanonicalOrder(responses: ConsultationResponse[]): ConsultationResponse[] {
  // Compared field by field: joining them into one key made a new string at every comparison.
  const order = (left: string, right: string) => (left < right ? -1 : left > right ? 1 : 0);
  return [...responses].sort(
    (a, b) => order(a.text, b.text) || order(a.closed ?? "", b.closed ?? "") || order(a.id, b.id),
  );
}

/**
 * What a word of the question counts in finding themes. In full, answers grouped by the word
 * they share with the question ("Bus", "Service"); left out, a view that is about one of them
 * ("gambling in sports venues") was lost. Measured on two consultations (docs/evaluation.md).
 */
const QUESTION_TERM_WEIGHT = 0.5;

/** A term (or two-word phrase) with no number alone in it ("2011", "said_2011"). */
function withoutNumbers(term: string): boolean {
  return term.split("_").every((part) => /[a-z]/.test(part));
}

/** A discovered theme's phrases, which say more about it than its label alone. */
function keyphrasesOf(theme: Theme): string[] | undefined {
  return "keyphrases" in theme && Array.isArray(theme.keyphrases)
    ? (theme.keyphrases as string[])
    : undefined;
}

const AND_LIST = new Intl.ListFormat("en-GB", { type: "conjunction" });

/**
 * One sentence on what a theme's responses say: who says it, its two leading phrases and its
 * most representative sentence in their words.
 */
function describe(stance: Stance, phrases: string[], texts: string[]): string {
  const lead = leadingPhrase(phrases);
  // With no phrase in common (Other, No reason given), there is nothing to sum up.
  if (!lead) return "";
  const ordered = [lead, ...phrases.filter((phrase) => phrase !== lead)];
  const about = AND_LIST.format(ordered.slice(0, 2));
  const example = representativeSentence(texts, ordered);
  return example
    ? `${WHO[stance]} raise ${about}, for example: “${example}”`
    : `${WHO[stance]} raise ${about}.`;
}

/**
 * The phrases that tell a reader something, in order: not the question's own words alone
 * ("buses" in a consultation on buses), and none repeating a word of one before it ("service
 * would isolate" after "cutting the service").
 */
function telling(
  phrases: string[],
  questionTerms: ReadonlySet<string>,
): { phrase: string; stems: string[] }[] {
  const said = new Set<string>();
  return phrases
    .map((phrase) => ({ phrase, stems: terms(phrase) }))
    .filter(({ stems }) => {
      const tells =
        !stems.every((stem) => questionTerms.has(stem)) && !stems.some((stem) => said.has(stem));
      if (tells) stems.forEach((stem) => said.add(stem));
      return tells;
    });
}

/** Phrases a write-up counts. */
const PHRASES_COUNTED = 3;

/**
 * What a theme's responses cover, once they are all in it: how many there are and what share
 * of them raise each of its leading phrases, most distinctive first ("35 responses: 43% mention
 * stops, 11% lighting and 9% shelters."), the question's own words left out. The description
 * says what the theme is and the quotes show it, so this adds the counts, not a third example.
 */
function summarise(
  stance: Stance,
  phrases: string[],
  texts: string[],
  count: number,
  questionTerms: ReadonlySet<string>,
): string {
  const side =
    stance === "neutral" ? "" : ` ${stance === "support" ? "for" : "against"} the proposal`;
  const who = `${count.toLocaleString("en-GB")} ${count === 1 ? "response" : "responses"}${side}`;
  const termsOf = texts.map((text) => new Set(terms(text)));
  const shares = telling(phrases, questionTerms)
    .map(({ phrase, stems }) => {
      const holding = termsOf.filter((held) => stems.every((stem) => held.has(stem))).length;
      return { phrase, percent: Math.round((100 * holding) / texts.length) };
    })
    .filter((entry) => entry.percent > 0)
    .slice(0, PHRASES_COUNTED);
  if (shares.length === 0) return "";
  const listed = shares.map(({ phrase, percent }, at) =>
    at === 0 ? `${percent}% mention ${phrase}` : `${percent}% ${phrase}`,
  );
  return `${who}: ${AND_LIST.format(listed)}.`;
}

/**
 * The offline engine as the analysis job and the command line use it, for one question: the
 * same question and answers give the same themes in both.
 */
export function offlineAnalysis(
  question: string,
  engine = new OfflineEngine({ question }),
): AnalysisEngine {
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
