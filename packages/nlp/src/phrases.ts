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
instead rather enough whole far less least put let keep keeps done doing able sure`.split(/\s+/),
);

const WORD = /[a-z0-9]+(?:['-][a-z0-9]+)*/g;

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
  for (const clause of text.toLowerCase().split(/[.,;:!?()"“”–—/]+|\s-\s/)) {
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
 * Short readable phrases for each group of texts, best first: phrases in the group's own words,
 * chosen by how many of its texts use them against how many texts in all do (class-based
 * TF-IDF over phrases), longer phrases preferred when as well supported, never starting or
 * ending on a stop word, a weak word or a word in more than `commonShare` of all texts.
 */
export function groupPhrases(
  groups: string[][],
  { top = 6, commonShare = 0.5 }: { top?: number; commonShare?: number } = {},
): string[][] {
  const sampled = groups.map((texts) => sampleByContent(texts, PHRASES_FROM, (text) => text));
  const all = sampled.flat();
  const wordDocs = new Map<string, number>();
  for (const text of all) {
    for (const word of new Set((text.toLowerCase().match(WORD) ?? []).map(stem)))
      wordDocs.set(word, (wordDocs.get(word) ?? 0) + 1);
  }
  const common = new Set(
    [...wordDocs]
      .filter(([, count]) => all.length >= COMMON_AFTER && count > commonShare * all.length)
      .map(([word]) => word),
  );
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
  return label[0]!.toUpperCase() + label.slice(1);
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
