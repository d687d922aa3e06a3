/**
 * Okapi BM25 (Robertson and Zaragoza, 2009) over documents already split into terms: an
 * inverted index, so a query costs one pass over the postings of its own terms.
 */
export interface Bm25Index {
  readonly documentCount: number;
  /** How many documents hold the term. */
  documentFrequency(term: string): number;
  /** Inverse document frequency of a term (BM25's, floored at zero); 0 for unseen terms. */
  idf(term: string): number;
  /** The score of every document for the query terms (repeats in the query count once each). */
  scores(query: readonly string[]): Float64Array;
  /** The query terms found in one document, each with what it added to the score. */
  contributions(query: readonly string[], document: number): { term: string; score: number }[];
}

export interface Bm25Options {
  /** Term-frequency saturation (1.2 is the usual default). */
  k1?: number;
  /** Length normalisation, 0 (none) to 1 (full); 0.75 is the usual default. */
  b?: number;
}

export function bm25Index(
  documents: readonly (readonly string[])[],
  { k1 = 1.2, b = 0.75 }: Bm25Options = {},
): Bm25Index {
  const postings = new Map<string, { document: number; count: number }[]>();
  const lengths = new Float64Array(documents.length);
  documents.forEach((terms, document) => {
    lengths[document] = terms.length;
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, count] of counts) {
      let list = postings.get(term);
      if (!list) postings.set(term, (list = []));
      list.push({ document, count });
    }
  });
  const total = lengths.reduce((sum, length) => sum + length, 0);
  const averageLength = documents.length === 0 ? 0 : total / documents.length || 1;
  const idf = (term: string): number => {
    const frequency = postings.get(term)?.length ?? 0;
    if (frequency === 0) return 0;
    return Math.max(0, Math.log(1 + (documents.length - frequency + 0.5) / (frequency + 0.5)));
  };
  const weight = (term: string, count: number, document: number): number =>
    (idf(term) * count * (k1 + 1)) /
    (count + k1 * (1 - b + (b * lengths[document]!) / averageLength));

  return {
    documentCount: documents.length,
    documentFrequency: (term) => postings.get(term)?.length ?? 0,
    idf,
    scores(query) {
      const result = new Float64Array(documents.length);
      for (const term of new Set(query)) {
        for (const { document, count } of postings.get(term) ?? []) {
          result[document]! += weight(term, count, document);
        }
      }
      return result;
    },
    contributions(query, document) {
      const found: { term: string; score: number }[] = [];
      for (const term of new Set(query)) {
        const posting = postings.get(term)?.find((entry) => entry.document === document);
        if (posting) found.push({ term, score: weight(term, posting.count, document) });
      }
      return found.sort((x, y) => y.score - x.score);
    },
  };
}
