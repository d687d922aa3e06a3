import type { LetterDetails } from "../intake/extract.js";
import type { Flag, Paragraph } from "./types.js";

const MAX_WORDS = 25;
/** GOV.UK style guide words to avoid, with plainer words to use instead. */
const AVOID: Record<string, string> = {
  agenda: "plan",
  collaborate: "work with",
  combat: "solve or fight",
  deliver: "make, give or provide",
  deploy: "use or put into place",
  dialogue: "talk or discussion",
  empower: "allow or give permission",
  facilitate: "help",
  foster: "encourage",
  initiate: "start",
  leverage: "use or influence",
  liaise: "work with",
  overarching: "overall",
  robust: "strong",
  streamline: "simplify",
  tackling: "stopping or solving",
  utilise: "use",
  key: "important (or leave it out)",
};
const CONTRACTION = /\b\w+(?:n't|'re|'ve|'ll|'m|'d)\b|\b(?:it|that|there|what|he|she|let)'s\b/gi;
const VAGUE_DATE =
  /\b(shortly|in due course|soon|next week|next month|last week|last month|recently|tomorrow|yesterday)\b/gi;
const NUMERIC_DATE = /\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/g;

/** House style checks on a draft, each saying what to change. Placeholders are not checked. */
export function checkStyle(paragraphs: readonly Paragraph[], details: LetterDetails): Flag[] {
  const flags: Flag[] = [];
  const style = (check: string, paragraph: number | undefined, text: string) =>
    flags.push({ kind: "style", check, paragraph, text });
  paragraphs.forEach(({ text }, paragraph) => {
    if (text.startsWith("[No approved line:")) return;
    for (const sentence of text.match(/[^.!?]+[.!?]*/g) ?? []) {
      const words = sentence.trim().split(/\s+/).filter(Boolean).length;
      if (words > MAX_WORDS)
        style(
          "long-sentence",
          paragraph,
          `“${sentence.trim().slice(0, 60)}…” has ${words} words: split it into sentences of ${MAX_WORDS} words or fewer.`,
        );
    }
    for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
      if (AVOID[word])
        style("words-to-avoid", paragraph, `Avoid “${word}” (GOV.UK style): write ${AVOID[word]}.`);
    }
    for (const [found] of text.matchAll(CONTRACTION))
      style("contraction", paragraph, `Write “${found}” in full: no contractions in letters.`);
    for (const [found] of text.matchAll(VAGUE_DATE))
      style(
        "exact-date",
        paragraph,
        `“${found}” is not a date: give the exact date, for example 3 March 2026.`,
      );
    for (const [found] of text.matchAll(NUMERIC_DATE))
      style(
        "exact-date",
        paragraph,
        `Write ${found} as a date in words, for example 3 March 2026.`,
      );
  });
  const body = paragraphs
    .filter((p) => !p.text.startsWith("[No approved line:"))
    .map((p) => p.text)
    .join(" ");
  const age = readingAge(body);
  if (age > 14)
    style(
      "reading-age",
      undefined,
      `Reading age is about ${age}: use shorter sentences and words to bring it to 14 or below.`,
    );
  const name = details.onBehalfOf?.mpName || details.correspondent.name;
  const expected = name ? `Dear ${name},` : "Dear Sir or Madam,";
  if (paragraphs[0]?.text !== expected) style("salutation", 0, `Start the letter “${expected}”.`);
  const reference = details.onBehalfOf?.mpReference;
  if (reference && !body.includes(reference))
    style("mp-reference", 1, `Quote the MP's reference ${reference} in the first paragraph.`);
  return flags;
}

/** Flesch–Kincaid grade plus 5, rounded: the age at which a reader follows the text. */
export function readingAge(text: string): number {
  const words = text.match(/[A-Za-z]+/g) ?? [];
  const sentences = Math.max(1, (text.match(/[.!?]+/g) ?? []).length);
  if (words.length === 0) return 0;
  const syllables = words.reduce(
    (sum, word) =>
      sum +
      Math.max(
        1,
        (
          word
            .toLowerCase()
            .replace(/e$/, "")
            .match(/[aeiouy]+/g) ?? []
        ).length,
      ),
    0,
  );
  return Math.round(
    0.39 * (words.length / sentences) + 11.8 * (syllables / words.length) - 15.59 + 5,
  );
}
