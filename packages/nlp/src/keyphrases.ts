import { meaningfulWords, termsWithPhrases } from "./text.js";

/**
 * The words and two-word phrases that set each group of texts apart (class-based TF-IDF): a
 * term's frequency in the group, weighted by how rare it is across groups. Each is given in
 * the form people wrote most often ("gambling adverts", not the stem "gambl advert").
 */
export function groupKeyphrases(groups: string[][], top = 8): string[][] {
  const counts = groups.map((texts) => {
    const count = new Map<string, number>();
    for (const text of texts) {
      for (const term of termsWithPhrases(text)) count.set(term, (count.get(term) ?? 0) + 1);
    }
    return count;
  });
  const overall = new Map<string, number>();
  for (const count of counts) {
    for (const [term, n] of count) overall.set(term, (overall.get(term) ?? 0) + n);
  }
  const totalWords = counts.reduce(
    (sum, count) => sum + [...count.values()].reduce((a, b) => a + b, 0),
    0,
  );
  const averageWords = totalWords / Math.max(1, counts.length);
  return counts.map((count, index) => {
    const size = Math.max(1, groups[index]!.length);
    const surface = surfaceForms(groups[index]!);
    return (
      [...count]
        // A term said by one person is not what the group is about.
        .filter(([, n]) => n >= Math.min(2, size))
        .map(
          ([term, n]) =>
            [
              term,
              n * Math.log(1 + averageWords / overall.get(term)!) * (term.includes("_") ? 1.5 : 1),
            ] as const,
        )
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, top)
        .map(([term]) =>
          term
            .split("_")
            .map((stem) => surface.get(stem) ?? stem)
            .join(" "),
        )
    );
  });
}

/** The most common written form of each stem in these texts. */
function surfaceForms(texts: string[]): Map<string, string> {
  const seen = new Map<string, Map<string, number>>();
  for (const text of texts) {
    for (const { word, stem } of meaningfulWords(text)) {
      const forms = seen.get(stem) ?? new Map<string, number>();
      forms.set(word, (forms.get(word) ?? 0) + 1);
      seen.set(stem, forms);
    }
  }
  return new Map(
    [...seen].map(([stem, forms]) => [
      stem,
      [...forms].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0],
    ]),
  );
}
