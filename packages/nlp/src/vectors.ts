import { termsWithPhrases } from "./text.js";

/**
 * A sparse vector: term indices in ascending order and their weights (single precision is
 * plenty for similarities), L2-normalised. Two typed arrays instead of a Map: a fraction of the
 * memory for 100,000 responses, and nothing for the garbage collector to walk.
 */
export interface SparseVector {
  readonly indices: Uint32Array;
  readonly weights: Float32Array;
}

export interface TfIdfModel {
  vocabulary: Map<string, number>;
  /** Inverse document frequency per term index, times the term's weight. */
  idf: Float64Array;
  vectorize(text: string): SparseVector;
  /**
   * The vectors of the documents the model was fitted on, in their order, without tokenising them
   * again. Once: the documents' terms are let go then (they are the model's largest part).
   */
  documentVectors(): SparseVector[];
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
    termWeight,
  }: {
    minDocs?: number;
    tokenize?: (text: string) => string[];
    /** A term's weight beside its IDF (default 1). */
    termWeight?: (term: string) => number;
  } = {},
): TfIdfModel {
  // Each document is tokenised once: its terms are kept as numbers until the vocabulary is known.
  const termIds = new Map<string, number>();
  const documentFrequency: number[] = [];
  const tokenised = documents.map((document) => {
    const terms = tokenize(document);
    const ids = new Uint32Array(terms.length);
    terms.forEach((term, position) => {
      let id = termIds.get(term);
      if (id === undefined) {
        id = termIds.size;
        termIds.set(term, id);
        documentFrequency.push(0);
      }
      ids[position] = id;
    });
    for (const id of new Set(ids)) documentFrequency[id]! += 1;
    return ids;
  });
  const vocabulary = new Map<string, number>();
  const indexOfId = new Int32Array(termIds.size).fill(-1);
  for (const [term, id] of termIds) {
    if (documentFrequency[id]! >= minDocs) {
      indexOfId[id] = vocabulary.size;
      vocabulary.set(term, vocabulary.size);
    }
  }
  const idf = new Float64Array(vocabulary.size);
  for (const [term, index] of vocabulary) {
    const frequency = documentFrequency[termIds.get(term)!]!;
    idf[index] =
      (Math.log((1 + documents.length) / (1 + frequency)) + 1) * (termWeight?.(term) ?? 1);
  }
  // A document's term indices sorted line up repeats, so counting them needs no map. The vector
  // is written into `indices` and `weights`, one slot a distinct term.
  const weigh = (
    sorted: Uint32Array,
    indices: Uint32Array,
    weights: Float32Array,
  ): SparseVector => {
    let position = -1;
    let count = 0;
    const close = () => {
      if (position >= 0) weights[position] = (1 + Math.log(count)) * idf[indices[position]!]!;
    };
    for (let at = 0; at < sorted.length; at += 1) {
      if (at > 0 && sorted[at] === sorted[at - 1]) {
        count += 1;
        continue;
      }
      close();
      position += 1;
      indices[position] = sorted[at]!;
      count = 1;
    }
    close();
    let norm = 0;
    for (const weight of weights) norm += weight * weight;
    if (norm > 0) weights.forEach((weight, at) => (weights[at] = weight / Math.sqrt(norm)));
    return { indices, weights };
  };
  return {
    vocabulary,
    idf,
    vectorize: (text) => {
      const known: number[] = [];
      for (const term of tokenize(text)) {
        const index = vocabulary.get(term);
        if (index !== undefined) known.push(index);
      }
      const sorted = Uint32Array.from(known).sort();
      const distinct = distinctIn(sorted);
      return weigh(sorted, new Uint32Array(distinct), new Float32Array(distinct));
    },
    documentVectors: () => {
      // Each document's own array is reused for its known terms' indices, in place.
      const sortedTerms = tokenised.splice(0).map((ids) => {
        let known = 0;
        for (const id of ids) if (indexOfId[id]! >= 0) ids[known++] = indexOfId[id]!;
        return ids.subarray(0, known).sort();
      });
      const distinct = sortedTerms.map(distinctIn);
      // One pair of arrays for every document, a view each: two arrays of their own for each of
      // 100,000 documents cost as much again as the weights in them.
      const total = distinct.reduce((sum, count) => sum + count, 0);
      const [indices, weights] = [new Uint32Array(total), new Float32Array(total)];
      let start = 0;
      return sortedTerms.map((sorted, at) => {
        const end = start + distinct[at]!;
        const vector = weigh(sorted, indices.subarray(start, end), weights.subarray(start, end));
        start = end;
        return vector;
      });
    },
  };
}

/** How many different values a sorted array holds. */
function distinctIn(sorted: Uint32Array): number {
  let distinct = 0;
  for (let at = 0; at < sorted.length; at += 1)
    if (at === 0 || sorted[at] !== sorted[at - 1]) distinct += 1;
  return distinct;
}

/** A vector from term index → weight pairs (any order). */
export function sparseFrom(entries: Map<number, number>): SparseVector {
  const indices = Uint32Array.from(entries.keys()).sort();
  const weights = Float32Array.from(indices, (index) => entries.get(index)!);
  return { indices, weights };
}

export function normalise(vector: SparseVector): SparseVector {
  let norm = 0;
  for (const weight of vector.weights) norm += weight * weight;
  norm = Math.sqrt(norm);
  if (norm === 0) return vector;
  return { indices: vector.indices, weights: vector.weights.map((weight) => weight / norm) };
}

/** Cosine similarity of two L2-normalised sparse vectors (a merge of their sorted indices). */
export function cosine(a: SparseVector, b: SparseVector): number {
  let sum = 0;
  let i = 0;
  let j = 0;
  while (i < a.indices.length && j < b.indices.length) {
    const [left, right] = [a.indices[i]!, b.indices[j]!];
    if (left === right) {
      sum += a.weights[i]! * b.weights[j]!;
      i += 1;
      j += 1;
    } else if (left < right) i += 1;
    else j += 1;
  }
  return sum;
}

/** The normalised mean of vectors (a cluster's or theme's centre), summed densely: no map to fill. */
export function centroid(vectors: SparseVector[]): SparseVector {
  const sum = new Float64Array(dimensionOf(vectors));
  for (const { indices, weights } of vectors)
    for (let position = 0; position < indices.length; position += 1)
      sum[indices[position]!]! += weights[position]!;
  return normalise(toSparse(sum));
}

/** `a` and `b` mixed, with `weightOfB` of the result from `b`. */
export function blend(a: SparseVector, b: SparseVector, weightOfB: number): SparseVector {
  const result = new Map<number, number>();
  a.indices.forEach((index, position) => result.set(index, a.weights[position]! * (1 - weightOfB)));
  b.indices.forEach((index, position) =>
    result.set(index, (result.get(index) ?? 0) + b.weights[position]! * weightOfB),
  );
  return sparseFrom(result);
}

/** Vectors' length when written densely: one past the highest term index. */
export function dimensionOf(vectors: SparseVector[]): number {
  let size = 0;
  for (const { indices } of vectors) {
    const last = indices[indices.length - 1];
    if (last !== undefined && last >= size) size = last + 1;
  }
  return size;
}

/**
 * A centre kept dense: comparing many sparse vectors with a few centres is then one array read
 * per term instead of a search.
 */
export function toDense(vector: SparseVector, size: number): Float64Array {
  const dense = new Float64Array(size);
  vector.indices.forEach((index, position) => {
    if (index < size) dense[index] = vector.weights[position]!;
  });
  return dense;
}

export function toSparse(dense: Float64Array): SparseVector {
  let count = 0;
  for (const weight of dense) if (weight !== 0) count += 1;
  const indices = new Uint32Array(count);
  const weights = new Float32Array(count);
  let position = 0;
  dense.forEach((weight, index) => {
    if (weight === 0) return;
    indices[position] = index;
    weights[position] = weight;
    position += 1;
  });
  return { indices, weights };
}

/** Cosine similarity of a normalised sparse vector and a normalised dense one. */
export function cosineDense(vector: SparseVector, dense: Float64Array): number {
  let sum = 0;
  const { indices, weights } = vector;
  for (let position = 0; position < indices.length; position += 1)
    sum += weights[position]! * (dense[indices[position]!] ?? 0);
  return sum;
}
