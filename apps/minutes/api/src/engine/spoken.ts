/**
 * The sentences of a speaker's turn. Unlike a split at every full stop, a stop must be followed
 * by a space and a capital, a digit or a quote, so "Standing Order 34.19" and "e.g. the hubs" stay
 * whole.
 */
export function spokenSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…])\s+(?=["'“‘(]?[A-Z0-9])/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

/**
 * Words written with a capital in the middle of a sentence somewhere in the meeting: names
 * ("Wales", "Hwb"), which keep their capital when reported speech puts them after "said that".
 */
export function properNounsIn(texts: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(/[\p{Ll},;] ([\p{Lu}][\p{L}'’-]*)/gu)) names.add(match[1]!);
  }
  return names;
}

/** Whom a speaker addresses by office: "Chair", "Mr. Chair", "Madam Speaker", "Minister". */
const OFFICE = String.raw`(?:(?:Mr|Mister|Madam|Madame|Mrs|Ms)\.?\s*)?(?:Deputy\s+)?(?:Chair(?:man|person|woman)?|Speaker|President|Minister)`;
const LEADING_ADDRESS = new RegExp(String.raw`^(?:${OFFICE}|(\p{Lu}\p{Ll}+))\s*[,:]\s*`, "u");
const INNER_ADDRESS = new RegExp(
  String.raw`,\s*(?:${OFFICE}|(\p{Lu}\p{Ll}+))\s*(?=[,.?!;]|$)`,
  "gu",
);

/**
 * A sentence without the speaker addressing someone ("Madam Chair, the plan…", "Tom, could you…",
 * "…, Minister?"): a form of address is not part of what was said, nor a topic of the meeting.
 * A single word is taken as an address only when it is part of a name in `names`.
 */
export function withoutAddress(sentence: string, names: ReadonlySet<string> = new Set()): string {
  const unlessOtherWord = (whole: string, word: string | undefined) =>
    word === undefined || names.has(word) ? "" : whole;
  const text = sentence
    .replace(INNER_ADDRESS, unlessOtherWord)
    .replace(LEADING_ADDRESS, unlessOtherWord);
  return text === sentence ? text : text.charAt(0).toUpperCase() + text.slice(1);
}
