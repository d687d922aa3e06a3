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
