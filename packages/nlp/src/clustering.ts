import { seededRandom } from "./random.js";
import {
  cosine,
  cosineDense,
  dimensionOf,
  toDense,
  toSparse,
  type SparseVector,
} from "./vectors.js";

export interface Clustering {
  /** The cluster of each vector, in the order given. */
  assignments: number[];
  centroids: SparseVector[];
  /** Mean silhouette (−1 to 1) on the sample the number of clusters was chosen on. */
  silhouette: number;
}

/**
 * Spherical k-means (cosine) with k-means++ seeding from a fixed seed, so the same vectors give
 * the same clusters every run; or starting from `initial` centres (found on a sample).
 */
export function kMeans(
  vectors: SparseVector[],
  k: number,
  {
    seed = 1,
    iterations = 30,
    initial,
  }: { seed?: number; iterations?: number; initial?: SparseVector[] } = {},
): Omit<Clustering, "silhouette"> {
  const centroids = initial ?? seededCentres(vectors, k, seed);
  // Centres are kept dense while iterating: each round compares every vector with every centre.
  const size = dimensionOf(vectors);
  let centres = centroids.map((centre) => toDense(centre, size));
  let assignments = vectors.map(() => 0);
  for (let round = 0; round < iterations; round += 1) {
    const next = vectors.map((vector) => nearest(vector, centres).index);
    const changed = next.filter((cluster, index) => cluster !== assignments[index]).length;
    assignments = next;
    centres = recentre(vectors, assignments, centres, size);
    if (changed <= Math.floor(vectors.length * SETTLED_SHARE) && round > 0) break;
  }
  return { assignments, centroids: centres.map(toSparse) };
}

/**
 * Clusters are settled when at most this share of vectors move in a round: below a thousand
 * vectors, when none do; above, the last few moves change no theme.
 */
const SETTLED_SHARE = 0.001;

/** k-means++: each next seed far from those chosen, picked by a seeded generator. */
function seededCentres(vectors: SparseVector[], k: number, seed: number): SparseVector[] {
  const random = seededRandom(seed);
  const centroids: SparseVector[] = [vectors[Math.floor(random() * vectors.length)]!];
  const distanceToSeeds = vectors.map((vector) => 1 - cosine(vector, centroids[0]!));
  while (centroids.length < Math.min(k, vectors.length)) {
    const total = distanceToSeeds.reduce((sum, distance) => sum + distance * distance, 0);
    let pick = random() * total;
    let chosen = 0;
    for (; chosen < vectors.length - 1; chosen += 1) {
      pick -= distanceToSeeds[chosen]! ** 2;
      if (pick <= 0) break;
    }
    centroids.push(vectors[chosen]!);
    vectors.forEach((vector, index) => {
      distanceToSeeds[index] = Math.min(
        distanceToSeeds[index]!,
        1 - cosine(vector, centroids.at(-1)!),
      );
    });
  }
  return centroids;
}

/**
 * Clusters with the number of clusters chosen automatically: every k in the range is tried and
 * the one with the best silhouette (how much closer each item is to its own cluster than to the
 * next) wins, with a small preference for fewer clusters.
 */
export function clusterAutomatically(
  vectors: SparseVector[],
  { minK = 3, maxK = 15, seed = 1 }: { minK?: number; maxK?: number; seed?: number } = {},
): Clustering {
  const upper = Math.max(1, Math.min(maxK, Math.floor(vectors.length / 3)));
  const lower = Math.min(minK, upper);
  // k is chosen on a sample (the silhouette is judged on one anyway); then all are clustered.
  const sample = seededSample(vectors, CHOOSE_K_ON, seed);
  const judge = silhouetteJudge(sample, seed);
  let best: (Clustering & { k: number }) | undefined;
  let bestScore = -Infinity;
  for (let k = lower; k <= upper; k += 1) {
    const clustering = kMeans(sample, k, { seed });
    const silhouette = judge(clustering.assignments);
    const score = silhouette - 0.002 * k;
    if (score > bestScore) {
      best = { ...clustering, silhouette, k };
      bestScore = score;
    }
  }
  if (sample === vectors) return best!;
  // The centres are found on a larger sample, then every vector joins its nearest and the
  // centres are recomputed from all of them once: the same clusters, at a fraction of the rounds.
  const fitted = kMeans(seededSample(vectors, FIT_ON, seed), best!.k, {
    initial: best!.centroids,
  });
  const size = dimensionOf(vectors);
  const centres = fitted.centroids.map((centre) => toDense(centre, size));
  const assignments = vectors.map((vector) => nearest(vector, centres).index);
  return {
    assignments,
    centroids: recentre(vectors, assignments, centres, size).map(toSparse),
    silhouette: best!.silhouette,
  };
}

/** How many vectors the centres are found on, before every vector is assigned to one. */
const FIT_ON = 20_000;

/** How many vectors the number of clusters is chosen on. */
const CHOOSE_K_ON = 3_000;

function seededSample<T>(items: T[], size: number, seed: number): T[] {
  if (items.length <= size) return items;
  const random = seededRandom(seed + 13);
  const chosen = new Set<number>();
  while (chosen.size < size) chosen.add(Math.floor(random() * items.length));
  return [...chosen].sort((a, b) => a - b).map((index) => items[index]!);
}

/** The centre most like a vector, and how alike they are. */
export function nearest(
  vector: SparseVector,
  centres: Float64Array[],
): { index: number; similarity: number } {
  let index = 0;
  let similarity = -Infinity;
  for (let candidate = 0; candidate < centres.length; candidate += 1) {
    const value = cosineDense(vector, centres[candidate]!);
    if (value > similarity) {
      index = candidate;
      similarity = value;
    }
  }
  return { index, similarity };
}

/** Each cluster's normalised mean; a cluster left empty keeps its centre. */
function recentre(
  vectors: SparseVector[],
  assignments: number[],
  previous: Float64Array[],
  size: number,
): Float64Array[] {
  const sums = previous.map(() => new Float64Array(size));
  const counts = previous.map(() => 0);
  vectors.forEach((vector, index) => {
    const sum = sums[assignments[index]!]!;
    counts[assignments[index]!]! += 1;
    vector.indices.forEach((term, position) => (sum[term]! += vector.weights[position]!));
  });
  return sums.map((sum, cluster) => {
    if (counts[cluster] === 0) return previous[cluster]!;
    let norm = 0;
    for (const weight of sum) norm += weight * weight;
    norm = Math.sqrt(norm);
    return norm === 0 ? sum : sum.map((weight) => weight / norm);
  });
}

/**
 * Judges clusterings of the same vectors by their mean silhouette (cosine distance) on a fixed
 * sample of at most 600 of them; the sample's distances are worked out once, for every k tried.
 */
function silhouetteJudge(vectors: SparseVector[], seed: number): (assignments: number[]) => number {
  const sample = seededSample([...vectors.keys()], 600, seed + 7);
  const n = sample.length;
  const distance = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    for (let j = i + 1; j < n; j += 1) {
      const value = 1 - cosine(vectors[sample[i]!]!, vectors[sample[j]!]!);
      distance[i * n + j] = value;
      distance[j * n + i] = value;
    }
  }
  return (assignments) => {
    const clusterOf = sample.map((index) => assignments[index]!);
    if (new Set(clusterOf).size < 2) return 0;
    let total = 0;
    for (let i = 0; i < n; i += 1) {
      const sums = new Map<number, { sum: number; count: number }>();
      for (let j = 0; j < n; j += 1) {
        if (j === i) continue;
        const entry = sums.get(clusterOf[j]!) ?? { sum: 0, count: 0 };
        entry.sum += distance[i * n + j]!;
        entry.count += 1;
        sums.set(clusterOf[j]!, entry);
      }
      const own = sums.get(clusterOf[i]!);
      if (!own) continue; // alone in its cluster: silhouette 0
      const a = own.sum / own.count;
      let b = Infinity;
      for (const [cluster, entry] of sums) {
        if (cluster !== clusterOf[i]) b = Math.min(b, entry.sum / entry.count);
      }
      total += b === Infinity ? 0 : (b - a) / Math.max(a, b);
    }
    return total / n;
  };
}
