/** ROUGE F-measures (Lin, 2004) of a candidate text against one reference, from 0 to 1. */
export interface RougeScores {
  rouge1: number;
  rouge2: number;
  rougeL: number;
}

/** Lower-cased words of letters and digits, as the usual ROUGE scripts split them (no stemming). */
export function rougeTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** ROUGE-1, ROUGE-2 and ROUGE-L F-measures of a candidate against one reference. */
export function rouge(candidate: string, reference: string): RougeScores {
  const c = rougeTokens(candidate);
  const r = rougeTokens(reference);
  return {
    rouge1: nGramF(c, r, 1),
    rouge2: nGramF(c, r, 2),
    rougeL: fMeasure(longestCommonSubsequence(c, r), c.length, r.length),
  };
}

function fMeasure(overlap: number, candidateCount: number, referenceCount: number): number {
  if (overlap === 0 || candidateCount === 0 || referenceCount === 0) return 0;
  const precision = overlap / candidateCount;
  const recall = overlap / referenceCount;
  return (2 * precision * recall) / (precision + recall);
}

/** Clipped n-gram overlap: each reference n-gram matches at most as often as it occurs. */
function nGramF(candidate: string[], reference: string[], n: number): number {
  const grams = (tokens: string[]) => {
    const counts = new Map<string, number>();
    for (let i = 0; i + n <= tokens.length; i++) {
      const gram = tokens.slice(i, i + n).join(" ");
      counts.set(gram, (counts.get(gram) ?? 0) + 1);
    }
    return counts;
  };
  const c = grams(candidate);
  const r = grams(reference);
  let overlap = 0;
  for (const [gram, count] of c) overlap += Math.min(count, r.get(gram) ?? 0);
  const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
  return fMeasure(overlap, total(c), total(r));
}

/** Length of the longest common subsequence, in one row of memory. */
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

/** ROUGE-L F-measure alone (Lin, 2004) of a candidate against one reference, from 0 to 1. */
export function rougeL(candidate: string, reference: string): number {
  const c = rougeTokens(candidate);
  const r = rougeTokens(reference);
  return fMeasure(longestCommonSubsequence(c, r), c.length, r.length);
}
