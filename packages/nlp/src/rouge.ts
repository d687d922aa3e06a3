/** Lower-cased words of letters and digits, as the usual ROUGE scripts split them (no stemming). */
export function rougeTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** ROUGE-L F-measure (Lin, 2004) of a candidate against one reference, from 0 to 1. */
export function rougeL(candidate: string, reference: string): number {
  const c = rougeTokens(candidate);
  const r = rougeTokens(reference);
  const overlap = longestCommonSubsequence(c, r);
  if (overlap === 0) return 0;
  const precision = overlap / c.length;
  const recall = overlap / r.length;
  return (2 * precision * recall) / (precision + recall);
}

/** Length of the longest common subsequence of two word lists, in one row of memory. */
export function longestCommonSubsequence(a: readonly string[], b: readonly string[]): number {
  let previous = new Uint32Array(b.length + 1);
  for (const word of a) {
    const current = new Uint32Array(b.length + 1);
    for (let j = 1; j <= b.length; j++) {
      current[j] =
        word === b[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    }
    previous = current;
  }
  return previous[b.length]!;
}
