import type { Bm25Index } from "@bernard/nlp";

/** Chance of calling a match real when the line has nothing to do with the point, per search. */
const FALSE_MATCH_RATE = 0.05;

/**
 * The BM25 score a line must beat to answer a point: higher than chance would give it.
 *
 * Null model: a line unrelated to the point holds each of the point's terms independently, with
 * the chance that a line of the knowledge base holds it (document frequency / lines), and gains
 * that term's weight when it does. The threshold is the null mean plus z standard deviations,
 * with z for a one-sided test at 5% corrected for searching every line (Bonferroni: 0.05 / lines).
 * Nothing in it is fitted to letters or answers: it follows from the knowledge base alone.
 */
export function answerThreshold(index: Bm25Index, queryTerms: readonly string[]): number {
  const lines = index.documentCount;
  if (lines === 0) return Number.POSITIVE_INFINITY;
  let mean = 0;
  let variance = 0;
  for (const term of new Set(queryTerms)) {
    const p = index.documentFrequency(term) / lines;
    const weight = index.idf(term);
    mean += weight * p;
    variance += weight * weight * p * (1 - p);
  }
  return mean + upperNormalQuantile(FALSE_MATCH_RATE / lines) * Math.sqrt(variance);
}

/**
 * How far (in standard deviations across the knowledge base's releases) the best release must
 * stand above the rest, summed over the letter's points, to answer the letter; and how far it
 * must stand for one point to count that point answered. Calibrated once on the development
 * letters (releases standing below 5 were, in most cases, a neighbouring topic rather than the
 * answer); nothing in it depends on the words of any letter. A small knowledge base cannot
 * reach these (with n releases no release can stand more than √(n − 1) above the others),
 * so there the bar is 80% of the most that is possible.
 */
const RELEASE_STANDING = 5;
const POINT_STANDING = 2;

export function releaseStandingNeeded(releases: number): number {
  return Math.min(RELEASE_STANDING, 0.8 * mostStanding(releases));
}

export function pointStandingNeeded(releases: number): number {
  return Math.min(POINT_STANDING, 0.8 * mostStanding(releases));
}

function mostStanding(releases: number): number {
  return releases > 1 ? Math.sqrt(releases - 1) : 0;
}

/** z with P(Z > z) = tail for a standard normal Z (bisection on the complementary error function). */
export function upperNormalQuantile(tail: number): number {
  let low = 0;
  let high = 40;
  for (let step = 0; step < 100; step++) {
    const middle = (low + high) / 2;
    if (0.5 * erfc(middle / Math.SQRT2) > tail) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/** Complementary error function (Numerical Recipes' erfcc, relative error below 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851973 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
