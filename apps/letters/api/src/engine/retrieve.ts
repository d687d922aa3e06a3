import { bm25Index, meaningfulWords, type Bm25Index } from "@bernard/nlp";
import type { Line } from "../lines/lines.js";
import { answerThreshold } from "./significance.js";

export interface RetrievalOptions {
  /** Match the lines' titles as well as their text. */
  useTitles?: boolean;
  /** The case's topic, when known: lines of other topics count half. */
  topic?: string;
}

/** Embeddings a model made of the letter's points (in order) and of lines (by id). */
export interface Meaning {
  points: readonly (readonly number[])[];
  lines: ReadonlyMap<string, readonly number[]>;
}

/** How close in meaning a point and a line are (cosine similarity), when both were embedded. */
export function similarity(meaning: Meaning, point: number, line: Line): number | undefined {
  const a = meaning.points[point];
  const b = meaning.lines.get(line.id);
  if (!a || !b || a.length !== b.length) return undefined;
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i += 1) {
    dot += a[i]! * b[i]!;
    aa += a[i]! ** 2;
    bb += b[i]! ** 2;
  }
  return aa > 0 && bb > 0 ? dot / Math.sqrt(aa * bb) : 0;
}

/** The knowledge base, indexed once for many letters. */
export interface LineIndex {
  lines: readonly Line[];
  words: Bm25Index;
  phrases: Bm25Index;
  /** For each line, the lines issued with it (same topic, same approval date), itself included. */
  release: readonly (readonly number[])[];
  /** The releases, each its lines' positions in `lines`, and each indexed as one document. */
  releases: readonly (readonly number[])[];
  releaseWords: Bm25Index;
  releasePhrases: Bm25Index;
}

/** A line found for a query, its score and the reasons, in words, for choosing it. */
export interface Match {
  line: Line;
  score: number;
  /** What the line's own words and phrases scored. */
  own: number;
  /** What its words alone scored (compared with answerThreshold to decide if it answers). */
  wordScore: number;
  /** Words and phrases it shares with the query, strongest first. */
  sharedWords: string[];
  sharedPhrases: string[];
  /** The best line of its release, when that is another line. */
  releaseLead?: string;
  why: string;
}

export function indexLines(
  lines: readonly Line[],
  { useTitles = false }: RetrievalOptions = {},
): LineIndex {
  const texts = lines.map((line) =>
    useTitles && line.title ? `${line.title}\n${line.text}` : line.text,
  );
  const tokens = texts.map(tokensOf);
  const byRelease = new Map<string, number[]>();
  lines.forEach((line, position) => {
    const key = `${line.topic}\u0000${line.approvedOn}`;
    const members = byRelease.get(key);
    if (members) members.push(position);
    else byRelease.set(key, [position]);
  });
  const releases = [...byRelease.values()];
  const releaseTokens = releases.map((members) =>
    tokensOf(members.map((position) => texts[position]).join("\n\n")),
  );
  return {
    lines,
    words: bm25Index(tokens.map((t) => t.words)),
    phrases: bm25Index(tokens.map((t) => t.phrases)),
    release: lines.map((line) => byRelease.get(`${line.topic}\u0000${line.approvedOn}`)!),
    releases,
    releaseWords: bm25Index(releaseTokens.map((t) => t.words)),
    releasePhrases: bm25Index(releaseTokens.map((t) => t.phrases)),
  };
}

/** A release (lines approved together) ranked for a letter's points. */
export interface ReleaseMatch {
  /** Positions in `index.lines` of the release's lines. */
  members: readonly number[];
  /** Standard scores of the release against every release, for each point (see rankReleases). */
  pointStandardScores: number[];
  /** How far, in standard deviations, the release's combined score stands above the others'. */
  standing: number;
}

/**
 * The releases ranked for a letter, point by point. Lines approved together answer one question
 * together, so each release is searched as one document (BM25 over words plus two-word
 * phrases). Each point's scores are put on one scale (standard scores across the releases), so
 * a long point cannot drown a short one, and summed: a release that several points lead to
 * wins. Its standing is the standard score of that sum among all releases. With a model's
 * embeddings (`meaning`), each point also counts, on the same scale, how close in meaning its
 * closest line of each release is: a line can answer a point in other words.
 */
export function rankReleases(
  index: LineIndex,
  points: readonly string[],
  options: RetrievalOptions = {},
  meaning?: Meaning,
): ReleaseMatch[] {
  const count = index.releases.length;
  const perPoint = points.map((point, position) => {
    const { words, phrases } = tokensOf(point);
    const wordScores = index.releaseWords.scores(words);
    const phraseScores = index.releasePhrases.scores(phrases);
    const byWords = standardScores(
      index.releases.map((members, release) => {
        const topic = index.lines[members[0]!]!.topic;
        const topicWeight = options.topic && topic && topic !== options.topic ? 0.5 : 1;
        return (wordScores[release]! + phraseScores[release]!) * topicWeight;
      }),
    );
    if (!meaning?.points[position]) return byWords;
    const byMeaning = standardScores(
      index.releases.map((members) =>
        Math.max(
          ...members.map((member) => similarity(meaning, position, index.lines[member]!) ?? 0),
        ),
      ),
    );
    return byWords.map((score, release) => score + byMeaning[release]!);
  });
  const combined = Array.from({ length: count }, (_, release) =>
    perPoint.reduce((sum, scores) => sum + scores[release]!, 0),
  );
  const standing = standardScores(combined);
  return index.releases
    .map((members, release) => ({
      members,
      pointStandardScores: perPoint.map((scores) => scores[release]!),
      standing: standing[release]!,
    }))
    .sort((a, b) => b.standing - a.standing || a.members[0]! - b.members[0]!);
}

/**
 * The lines ranked for a letter: releases in the order rankReleases gives, and within a release
 * its lines by how well they match the letter on their own.
 */
export function rankLinesForLetter(
  index: LineIndex,
  points: readonly string[],
  options: RetrievalOptions = {},
): Match[] {
  const own = new Map(
    rankLines(index, points.join("\n\n"), options).map((match) => [match.line, match]),
  );
  return rankReleases(index, points, options).flatMap((release) =>
    release.members
      .map((position) => index.lines[position]!)
      .map((line) => own.get(line) ?? unmatched(line))
      .sort((a, b) => b.own - a.own || a.line.id.localeCompare(b.line.id)),
  );
}

function unmatched(line: Line): Match {
  return {
    line,
    score: 0,
    own: 0,
    wordScore: 0,
    sharedWords: [],
    sharedPhrases: [],
    why: "It shares no words with the letter.",
  };
}

/** (value − mean) / standard deviation; all zero when the values do not vary. */
function standardScores(values: readonly number[]): number[] {
  const mean = values.reduce((sum, value) => sum + value, 0) / (values.length || 1);
  const deviation = Math.sqrt(
    values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length || 1),
  );
  return values.map((value) => (deviation > 0 ? (value - mean) / deviation : 0));
}

/**
 * The knowledge base ranked for a query. A line scores BM25 over its words plus BM25 over its
 * two-word phrases (the phrase signal), then the average of that and the best such score in its
 * release (the topic signal: lines approved together answer one question together). With a case
 * topic, lines of another topic count half.
 */
export function rankLines(
  index: LineIndex,
  query: string,
  options: RetrievalOptions = {},
): Match[] {
  const { words, phrases, original } = tokensOf(query);
  const wordScores = index.words.scores(words);
  const phraseScores = index.phrases.scores(phrases);
  const own = wordScores.map((score, position) => {
    const line = index.lines[position]!;
    const topicWeight = options.topic && line.topic && line.topic !== options.topic ? 0.5 : 1;
    return (score + phraseScores[position]!) * topicWeight;
  });
  const matches: Match[] = [];
  own.forEach((ownScore, position) => {
    let lead = position;
    for (const mate of index.release[position]!) if (own[mate]! > own[lead]!) lead = mate;
    const score = (ownScore + own[lead]!) / 2;
    if (score <= 0) return;
    const line = index.lines[position]!;
    const spelt = (term: string) =>
      term
        .split("_")
        .map((stem) => original.get(stem) ?? stem)
        .join(" ");
    const sharedWords = index.words.contributions(words, position).map((part) => spelt(part.term));
    const sharedPhrases = index.phrases
      .contributions(phrases, position)
      .map((part) => spelt(part.term));
    const releaseLead = lead === position ? undefined : index.lines[lead]!.id;
    matches.push({
      line,
      score,
      own: ownScore,
      wordScore: wordScores[position]!,
      sharedWords,
      sharedPhrases,
      releaseLead,
      why: explain(sharedWords, sharedPhrases, releaseLead),
    });
  });
  return matches.sort((a, b) => b.score - a.score || a.line.id.localeCompare(b.line.id));
}

/** The word score a line must beat to answer the query beyond chance (see answerThreshold). */
export function thresholdFor(index: LineIndex, query: string): number {
  return answerThreshold(index.words, tokensOf(query).words);
}

/**
 * Stems for matching, the two-word phrases between neighbouring meaningful words, and each
 * stem's first spelling in the text (to explain a match in the writer's words).
 */
function tokensOf(text: string): {
  words: string[];
  phrases: string[];
  original: Map<string, string>;
} {
  const entries = meaningfulWords(text);
  const words = entries.map((entry) => entry.stem);
  const original = new Map<string, string>();
  for (const entry of entries) if (!original.has(entry.stem)) original.set(entry.stem, entry.word);
  return { words, phrases: words.slice(1).map((word, i) => `${words[i]}_${word}`), original };
}

function explain(words: string[], phrases: string[], releaseLead: string | undefined): string {
  const parts: string[] = [];
  if (words.length > 0)
    parts.push(
      `shares ${words.length === 1 ? "the word" : "the words"} ${quoteList(words.slice(0, 5))}`,
    );
  if (phrases.length > 0)
    parts.push(
      `the ${phrases.length === 1 ? "phrase" : "phrases"} ${quoteList(phrases.slice(0, 3))}`,
    );
  if (releaseLead) parts.push(`was approved with line ${releaseLead}, which matches more closely`);
  return parts.length === 0 ? "Matched only through its release." : `It ${parts.join(", ")}.`;
}

function quoteList(items: string[]): string {
  const quoted = items.map((item) => `“${item}”`);
  return quoted.length <= 1
    ? quoted.join("")
    : `${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)}`;
}
