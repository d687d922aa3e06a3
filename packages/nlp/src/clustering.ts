import { seededRandom } from "./random.js";
import { centroid, cosine, type SparseVector } from "./vectors.js";

export interface Clustering {
  /** The cluster of each vector, in the order given. */
  assignments: number[];
  centroids: SparseVector[];
  /** Mean silhouette (−1 to 1) on the sample it was judged on. */
  silhouette: number;
}

/**
 * Spherical k-means (cosine) with k-means++ seeding from a fixed seed, so the same vectors give
 * the same clusters every run.
 */
export function kMeans(
  vectors: SparseVector[],
  k: number,
  { seed = 1, iterations = 30 } = {},
): Clustering {
  const random = seededRandom(seed);
  const centroids: SparseVector[] = [vectors[Math.floor(random() * vectors.length)]!];
  const nearest = vectors.map((vector) => 1 - cosine(vector, centroids[0]!));
  while (centroids.length < Math.min(k, vectors.length)) {
    const total = nearest.reduce((sum, distance) => sum + distance * distance, 0);
    let pick = random() * total;
    let chosen = 0;
    for (; chosen < vectors.length - 1; chosen += 1) {
      pick -= nearest[chosen]! ** 2;
      if (pick <= 0) break;
    }
    centroids.push(vectors[chosen]!);
    vectors.forEach((vector, index) => {
      nearest[index] = Math.min(nearest[index]!, 1 - cosine(vector, centroids.at(-1)!));
    });
  }
  let assignments = vectors.map(() => 0);
  for (let round = 0; round < iterations; round += 1) {
    const next = vectors.map((vector) => closest(vector, centroids));
    const changed = next.some((cluster, index) => cluster !== assignments[index]);
    assignments = next;
    for (let cluster = 0; cluster < centroids.length; cluster += 1) {
      const members = vectors.filter((_, index) => assignments[index] === cluster);
      if (members.length > 0) centroids[cluster] = centroid(members);
    }
    if (!changed && round > 0) break;
  }
  return { assignments, centroids, silhouette: silhouette(vectors, assignments, seed) };
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
  let best: Clustering | undefined;
  let bestScore = -Infinity;
  for (let k = lower; k <= upper; k += 1) {
    const result = kMeans(vectors, k, { seed });
    const score = result.silhouette - 0.002 * k;
    if (score > bestScore) {
      best = result;
      bestScore = score;
    }
  }
  return best!;
}

export function closest(vector: SparseVector, centroids: SparseVector[]): number {
  let best = 0;
  let bestSimilarity = -Infinity;
  centroids.forEach((centre, index) => {
    const similarity = cosine(vector, centre);
    if (similarity > bestSimilarity) {
      best = index;
      bestSimilarity = similarity;
    }
  });
  return best;
}

/** Mean silhouette with cosine distance, on at most 600 items (sampled with the same seed). */
function silhouette(vectors: SparseVector[], assignments: number[], seed: number): number {
  const random = seededRandom(seed + 7);
  const indices = [...vectors.keys()];
  const sample = indices.length <= 600 ? indices : indices.sort(() => random() - 0.5).slice(0, 600);
  const clusters = new Set(sample.map((index) => assignments[index]!));
  if (clusters.size < 2) return 0;
  let total = 0;
  for (const index of sample) {
    const distances = new Map<number, { sum: number; count: number }>();
    for (const other of sample) {
      if (other === index) continue;
      const entry = distances.get(assignments[other]!) ?? { sum: 0, count: 0 };
      entry.sum += 1 - cosine(vectors[index]!, vectors[other]!);
      entry.count += 1;
      distances.set(assignments[other]!, entry);
    }
    const own = distances.get(assignments[index]!);
    if (!own) continue; // alone in its cluster: silhouette 0
    const a = own.sum / own.count;
    let b = Infinity;
    for (const [cluster, entry] of distances) {
      if (cluster !== assignments[index]) b = Math.min(b, entry.sum / entry.count);
    }
    total += b === Infinity ? 0 : (b - a) / Math.max(a, b);
  }
  return total / sample.length;
}
