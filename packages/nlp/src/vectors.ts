import { termsWithPhrases } from "./text.js";

/** A sparse vector: term index → weight, L2-normalised. */
export type SparseVector = Map<number, number>;

export interface TfIdfModel {
  vocabulary: Map<string, number>;
  /** Inverse document frequency per term index. */
  idf: Float64Array;
  vectorize(text: string): SparseVector;
}

/**
 * TF-IDF over a set of documents: sublinear term frequency, smoothed IDF, L2-normalised
 * vectors. Terms in fewer than `minDocs` documents are left out (noise, typos). Deterministic:
 * term indices follow first appearance.
 */
export function fitTfIdf(
  documents: string[],
  {
    minDocs = 2,
    tokenize = termsWithPhrases,
  }: { minDocs?: number; tokenize?: (text: string) => string[] } = {},
): TfIdfModel {
  const documentFrequency = new Map<string, number>();
  for (const document of documents) {
    for (const term of new Set(tokenize(document))) {
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
  }
  const vocabulary = new Map<string, number>();
  for (const [term, count] of documentFrequency) {
    if (count >= minDocs) vocabulary.set(term, vocabulary.size);
  }
  const idf = new Float64Array(vocabulary.size);
  for (const [term, index] of vocabulary) {
    idf[index] = Math.log((1 + documents.length) / (1 + documentFrequency.get(term)!)) + 1;
  }
  const vectorize = (text: string): SparseVector => {
    const counts = new Map<number, number>();
    for (const term of tokenize(text)) {
      const index = vocabulary.get(term);
      if (index !== undefined) counts.set(index, (counts.get(index) ?? 0) + 1);
    }
    const vector: SparseVector = new Map();
    for (const [index, count] of counts) vector.set(index, (1 + Math.log(count)) * idf[index]!);
    return normalise(vector);
  };
  return { vocabulary, idf, vectorize };
}

export function normalise(vector: SparseVector): SparseVector {
  let norm = 0;
  for (const weight of vector.values()) norm += weight * weight;
  norm = Math.sqrt(norm);
  if (norm === 0) return vector;
  const result: SparseVector = new Map();
  for (const [index, weight] of vector) result.set(index, weight / norm);
  return result;
}

/** Cosine similarity of two L2-normalised sparse vectors. */
export function cosine(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [index, weight] of small) {
    const other = large.get(index);
    if (other !== undefined) sum += weight * other;
  }
  return sum;
}

/** The normalised mean of vectors (a cluster's or theme's centre). */
export function centroid(vectors: SparseVector[]): SparseVector {
  const sum: SparseVector = new Map();
  for (const vector of vectors) {
    for (const [index, weight] of vector) sum.set(index, (sum.get(index) ?? 0) + weight);
  }
  return normalise(sum);
}

/** Vectors' length when written densely: one past the highest term index. */
export function dimensionOf(vectors: SparseVector[]): number {
  let size = 0;
  for (const vector of vectors)
    for (const index of vector.keys()) if (index >= size) size = index + 1;
  return size;
}

/**
 * A centre kept dense: comparing many sparse vectors with a few centres is then one array read
 * per term instead of a map lookup.
 */
export function toDense(vector: SparseVector, size: number): Float64Array {
  const dense = new Float64Array(size);
  for (const [index, weight] of vector) if (index < size) dense[index] = weight;
  return dense;
}

export function toSparse(dense: Float64Array): SparseVector {
  const vector: SparseVector = new Map();
  dense.forEach((weight, index) => {
    if (weight !== 0) vector.set(index, weight);
  });
  return vector;
}

/** Cosine similarity of a normalised sparse vector and a normalised dense one. */
export function cosineDense(vector: SparseVector, dense: Float64Array): number {
  let sum = 0;
  for (const [index, weight] of vector) sum += weight * (dense[index] ?? 0);
  return sum;
}
