import { sampleByContent } from "./random.js";
import { isStopword, sentences, stem } from "./text.js";

/**
 * Words that may sit inside a phrase but never start or end one ("cost of travel", "education in
 * schools"); stop words likewise.
 */
const JOINERS = new Set(
  "of for in on to and at with without within from about by across into over like than per via".split(
    " ",
  ),
);
/**
 * Words that say little on their own as a phrase's head or start: verbs of saying and wanting,
 * vague nouns and adverbs. A small lexicon standing in for part-of-speech tagging.
 */
const WEAK = new Set(
  `need needs needed make makes making made want wants know see say says said use used take takes give
gives come comes go goes going feel feels seem seems think believe agree disagree support oppose
better best good bad new every everyone everything anyone someone something people person thing
things way ways lot kind sort bit time times day days year years often always never sometimes
already actually simply literally completely totally absolutely definitely especially currently
instead rather enough whole far less least put let keep keeps done doing able sure now again ever
away around`.split(/\s+/),
);

const WORD = /[a-z0-9]+(?:['-][a-z0-9]+)*/g;

/**
 * Where one clause ends and the next starts: punctuation, a dash, or a word that opens a clause
 * of reason or condition ("…near the station | since prices have gone up"). Phrases and labels
 * never run across one.
 */
const CLAUSE_BREAK =
  /[.,;:!?()"“”–—/]+|\s-\s|\s(?:because|since|as|given|although|though|unless|whereas|while|if|when)\s/i;

interface Candidate {
  key: string;
  words: string[];
}

/** Fewer texts than this say nothing reliable about which words are in nearly all of them. */
const COMMON_AFTER = 20;

/**
 * Phrases are counted on at most this many texts of a group, chosen by their content (so the
 * same whatever the order): a phrase's share of a group is settled long before, and counting
 * every candidate of 100,000 answers costs gigabytes.
 */
const PHRASES_FROM = 2_000;

/** The longest phrase considered: a short clause ("timetable is never right"). */
const LONGEST = 5;

/**
 * Phrases of one to five words in a text that neither start nor end on a stop word or a weak
 * word, and do not start with a word nearly every text has.
 */
function candidatesOf(text: string, common: Set<string>): Candidate[] {
  const found: Candidate[] = [];
  for (const clause of text.toLowerCase().split(CLAUSE_BREAK)) {
    const words = clause.match(WORD) ?? [];
    const edge = (word: string) =>
      word.length > 2 &&
      !/\d/.test(word) &&
      !isStopword(word) &&
      !WEAK.has(word) &&
      !JOINERS.has(word);
    // A word nearly every answer uses may end a phrase ("problem gambling") but never lead one.
    const lead = (word: string) => edge(word) && !common.has(stem(word));
    for (let start = 0; start < words.length; start += 1) {
      if (!lead(words[start]!)) continue;
      for (let end = start; end < Math.min(words.length, start + LONGEST); end += 1) {
        if (!edge(words[end]!)) continue;
        const span = words.slice(start, end + 1);
        found.push({ key: span.map(stem).join(" "), words: span });
      }
    }
  }
  return found;
}

/**
 * What phrases and labels are chosen from: each group's texts (a sample of a large group, chosen
 * by content), each text's word stems, in how many texts of all each stem is, and the stems in
 * more than `commonShare` of them (once there are enough texts to tell).
 */
function wordsOfGroups(groups: string[][], commonShare: number) {
  const sampled = groups.map((texts) => sampleByContent(texts, PHRASES_FROM, (text) => text));
  const groupStems = sampled.map((texts) =>
    texts.map((text) => new Set((text.toLowerCase().match(WORD) ?? []).map(stem))),
  );
  const all = groupStems.flat();
  const documents = new Map<string, number>();
  for (const stems of all)
    for (const word of stems) documents.set(word, (documents.get(word) ?? 0) + 1);
  const common = new Set(
    [...documents]
      .filter(([, count]) => all.length >= COMMON_AFTER && count > commonShare * all.length)
      .map(([word]) => word),
  );
  return { sampled, groupStems, all, documents, common };
}

/**
 * Short readable phrases for each group of texts, best first: phrases in the group's own words,
 * chosen by how many of its texts use them against how many texts in all do (class-based
 * TF-IDF over phrases), longer phrases preferred when as well supported, never starting or
 * ending on a stop word, a weak word or a word in more than `commonShare` of all texts.
 */
export function groupPhrases(
  groups: string[][],
  { top = 6, commonShare = 0.5 }: { top?: number; commonShare?: number } = {},
): string[][] {
  const { sampled, all, common } = wordsOfGroups(groups, commonShare);
  // Counted as each text is read; a text's own candidates are not kept once counted.
  const documents = new Map<string, number>();
  const counted = sampled.map((texts) => {
    const inGroup = new Map<string, number>();
    const forms = new Map<string, Map<string, number>>();
    for (const text of texts) {
      const byKey = new Map<string, string[]>();
      for (const candidate of candidatesOf(text, common)) byKey.set(candidate.key, candidate.words);
      for (const [key, words] of byKey) {
        documents.set(key, (documents.get(key) ?? 0) + 1);
        inGroup.set(key, (inGroup.get(key) ?? 0) + 1);
        const written = forms.get(key) ?? new Map<string, number>();
        const form = words.join(" ");
        written.set(form, (written.get(form) ?? 0) + 1);
        forms.set(key, written);
      }
    }
    return { inGroup, forms, size: Math.max(1, texts.length) };
  });

  return counted.map(({ inGroup, forms, size }) => {
    const scored = [...inGroup]
      .filter(([, count]) => count >= Math.min(2, size))
      .map(([key, count]) => {
        const length = key.split(" ").length;
        // A phrase says more than a word; a longer one only a little more, so support decides.
        const bonus = length === 1 ? 1 : length === 2 ? 1.5 : 1.6;
        const score = (count / size) * Math.log(1 + all.length / documents.get(key)!) * bonus;
        return { key, score };
      })
      .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
    // A phrase inside a better one adds nothing ("prices" after "ticket prices").
    const chosen: string[] = [];
    for (const { key } of scored) {
      if (chosen.length >= top) break;
      if (
        chosen.some(
          (taken) => ` ${taken} `.includes(` ${key} `) || ` ${key} `.includes(` ${taken} `),
        )
      )
        continue;
      chosen.push(key);
    }
    return chosen.map(
      (key) => [...forms.get(key)!].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0],
    );
  });
}

/**
 * The phrase a theme is named by, from its phrases best first: the best of two words or more
 * among the top three (a phrase says more than a word, if nearly as representative), else the
 * best word.
 */
export function leadingPhrase(phrases: string[]): string | undefined {
  return phrases.slice(0, 3).find((phrase) => phrase.includes(" ")) ?? phrases[0];
}

/** A theme's label: its leading phrase, capitalised. */
export function labelFromPhrases(phrases: string[]): string {
  const label = leadingPhrase(phrases);
  if (!label) return "Other points";
  return capitalised(label);
}

function capitalised(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}

/** Words a clause may open with that add nothing to it as a heading ("and", "but", "the"). */
const OPENERS = new Set(
  "and but so also just really then plus overall basically a an the".split(" "),
);
/** Stop words that may lead a label, because they carry the view ("more buses at night"). */
const LEADING_VIEW_WORDS = new Set("more fewer less too no not".split(" "));
/**
 * How a writer says where they stand ("I strongly oppose", "we are worried about"): dropped from
 * a label, which says what the view is about (its side is the theme's own).
 */
const STANCE_OPENER =
  /^(?:i|we)\s+(?:(?:strongly|really|totally|fully|also|do|would|am|are|'m|'re)\s+)*(?:not\s+)?(?:oppose|support|welcome|object\s+to|agree\s+with|disagree\s+with|worried\s+about|concerned\s+about|think|believe|feel|like|want|hate|love)(?:\s+that)?\s+/i;
/** A clause about the writer or the reader is an anecdote, not a view others share. */
const PERSONAL = new Set("i i'm i've i'd i'll me my mine myself you you're your yours".split(" "));
/** A label is a short statement: at least a phrase and a word, at most a line of a table. */
const LABEL_WORDS = { fewest: 3, most: 10 };
/** The most distinctive clauses of a group, of which the one most of its texts echo is chosen. */
const CLAUSES_WEIGHED = 50;
/** A clause names a group only when this share of its texts echoes it (see groupLabels). */
const SUPPORT_SHARE = 1 / 3;

/**
 * Labels for groups of texts, given each group's phrases (groupPhrases): the short clause in the
 * group's own words that best says what its texts say ("student fares should be lower",
 * "timetable is useless"), else its leading phrase (labelFromPhrases). A clause qualifies when it
 * carries the group's leading phrase (the one labelFromPhrases names it by), is three to ten
 * words, leads with neither a stop word (but for "more", "no" and the like) nor a word nearly
 * every text has, names no number and is not about the writer ("I", "my"). Of the fifty whose
 * words are most distinctive of the group (each word's share of the group's texts against its
 * share of all texts, as the phrases are chosen, per word so that a clause padded out scores
 * less), the one most of the group's texts echo (they hold its leading phrase and half its other
 * words) is chosen, and only if a third of them do: a clause that one answer alone makes would
 * tell a reader that all the others say it too.
 */
export function groupLabels(
  groups: string[][],
  phrasesOfGroups: string[][],
  { commonShare = 0.5 }: { commonShare?: number } = {},
): string[] {
  const { sampled, groupStems, all, documents, common } = wordsOfGroups(groups, commonShare);

  return sampled.map((texts, group) => {
    const phrases = phrasesOfGroups[group] ?? [];
    const fallback = labelFromPhrases(phrases);
    const lead = leadingPhrase(phrases)?.split(" ").map(stem) ?? [];
    const leading = ` ${lead.join(" ")} `;
    const inGroup = new Map<string, number>();
    for (const stems of groupStems[group]!)
      for (const word of stems) inGroup.set(word, (inGroup.get(word) ?? 0) + 1);
    const size = Math.max(1, texts.length);
    const weight = (word: string) =>
      isStopword(word)
        ? 0
        : ((inGroup.get(word) ?? 0) / size) * Math.log(1 + all.length / (documents.get(word) ?? 1));
    const candidates = new Map<string, { content: string[]; score: number }>();
    for (const text of texts) {
      for (const clause of text.split(CLAUSE_BREAK)) {
        const label = asLabel(clause, common);
        if (!label || candidates.has(label)) continue;
        const stems = label.toLowerCase().match(WORD)!.map(stem);
        if (lead.length === 0 || !` ${stems.join(" ")} `.includes(leading)) continue;
        const content = [...new Set(stems)].filter((word) => !isStopword(word));
        const score = content.reduce((sum, word) => sum + weight(word), 0) / stems.length ** 0.75;
        candidates.set(label, { content, score });
      }
    }
    // A label speaks for the group only if many of its texts say much the same: its leading
    // phrase and half of its other words.
    const supportOf = (content: string[]) => {
      const others = content.filter((word) => !lead.includes(word));
      const needed = Math.ceil(others.length / 2);
      return groupStems[group]!.filter(
        (stems) =>
          lead.every((word) => stems.has(word)) &&
          others.filter((word) => stems.has(word)).length >= needed,
      ).length;
    };
    const best = [...candidates]
      .sort(([a, x], [b, y]) => y.score - x.score || a.localeCompare(b))
      .slice(0, CLAUSES_WEIGHED)
      .map(([label, { content, score }]) => ({ label, score, support: supportOf(content) }))
      .sort(
        (x, y) => y.support - x.support || y.score - x.score || x.label.localeCompare(y.label),
      )[0];
    if (!best || best.support < Math.max(2, size * SUPPORT_SHARE)) return fallback;
    return capitalised(best.label);
  });
}

/** A clause as a heading (openers dropped), or undefined where it cannot be one. */
function asLabel(clause: string, common: Set<string>): string | undefined {
  const words = clause.trim().replace(STANCE_OPENER, "").split(/\s+/).filter(Boolean);
  while (words.length > 0 && OPENERS.has(words[0]!.toLowerCase())) words.shift();
  if (words.length < LABEL_WORDS.fewest || words.length > LABEL_WORDS.most) return undefined;
  const lower = words.map((word) => word.toLowerCase());
  // Words of letters only: no number, no stray symbol.
  if (lower.some((word) => PERSONAL.has(word) || !/^[a-z]+(?:['-][a-z]+)*$/.test(word)))
    return undefined;
  const [first, last] = [lower[0]!, lower.at(-1)!];
  if (isStopword(first) && !LEADING_VIEW_WORDS.has(first)) return undefined;
  if (common.has(stem(first)) || isStopword(last) || JOINERS.has(last)) return undefined;
  return words.join(" ");
}

/**
 * The sentence of a group's texts that best stands for it: the one using most of its phrases,
 * shorter ones preferred, for a one-sentence summary in respondents' own words.
 */
export function representativeSentence(texts: string[], phrases: string[]): string | undefined {
  const keys = phrases.map((phrase) => phrase.split(" ").map(stem).join(" "));
  let best: { sentence: string; score: number } | undefined;
  for (const text of sampleByContent(texts, PHRASES_FROM, (text) => text)) {
    for (const sentence of sentences(text)) {
      const words = sentence.toLowerCase().match(WORD) ?? [];
      if (words.length < 4 || words.length > 30) continue;
      const stems = ` ${words.map(stem).join(" ")} `;
      const covered = keys.reduce(
        (sum, key, rank) => sum + (stems.includes(` ${key} `) ? 1 / (rank + 1) : 0),
        0,
      );
      const score = covered / Math.sqrt(words.length);
      if (covered > 0 && (!best || score > best.score)) best = { sentence, score };
    }
  }
  return best?.sentence;
}
