import { seededRandom } from "./random.js";

/** F1 of one item's predicted labels against its reference labels (1 when both are empty). */
export function itemF1(predicted: Set<string>, reference: Set<string>): number {
  if (predicted.size === 0 && reference.size === 0) return 1;
  let overlap = 0;
  for (const label of predicted) if (reference.has(label)) overlap += 1;
  return (2 * overlap) / (predicted.size + reference.size);
}

export interface Estimate {
  value: number;
  /** 95% bootstrap confidence interval. */
  low: number;
  high: number;
}

/**
 * Sample-averaged multi-label F1 (the mean of each item's F1), with a 95% confidence interval
 * from resampling the items with replacement (a fixed seed, so a run can be repeated).
 */
export function sampleF1(
  pairs: { predicted: Set<string>; reference: Set<string> }[],
  { resamples = 1_000, seed = 1 } = {},
): Estimate {
  const scores = pairs.map((pair) => itemF1(pair.predicted, pair.reference));
  return bootstrapMean(scores, resamples, seed);
}

/** A mean with its 95% bootstrap interval. */
export function bootstrapMean(values: number[], resamples = 1_000, seed = 1): Estimate {
  if (values.length === 0) return { value: 0, low: 0, high: 0 };
  const mean = (list: number[]) => list.reduce((sum, value) => sum + value, 0) / list.length;
  const random = seededRandom(seed);
  const means: number[] = [];
  for (let round = 0; round < resamples; round += 1) {
    let sum = 0;
    for (let index = 0; index < values.length; index += 1)
      sum += values[Math.floor(random() * values.length)]!;
    means.push(sum / values.length);
  }
  means.sort((a, b) => a - b);
  return {
    value: mean(values),
    low: means[Math.floor(resamples * 0.025)]!,
    high: means[Math.min(resamples - 1, Math.floor(resamples * 0.975))]!,
  };
}

/** Precision, recall and F1 of a yes/no judgement. */
export function binaryF1(pairs: { predicted: boolean; reference: boolean }[]): {
  precision: number;
  recall: number;
  f1: number;
} {
  const truePositives = pairs.filter((pair) => pair.predicted && pair.reference).length;
  const predicted = pairs.filter((pair) => pair.predicted).length;
  const actual = pairs.filter((pair) => pair.reference).length;
  const precision = predicted === 0 ? 0 : truePositives / predicted;
  const recall = actual === 0 ? 0 : truePositives / actual;
  return {
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  };
}
