import { describe, expect, it } from "vitest";
import { longestCommonSubsequence, rouge } from "@bernard/nlp";
import { labelsFromSpans, pk } from "../src/evaluation/segmentation.js";

describe("ROUGE", () => {
  it("scores unigram, bigram and LCS F-measures, case- and punctuation-blind", () => {
    // candidate: the cat sat on the mat (6); reference: the cat was on the mat (6)
    const scores = rouge("The cat sat on the mat.", "the cat was on the mat");
    expect(scores.rouge1).toBeCloseTo(5 / 6); // the×2, cat, on, mat
    expect(scores.rouge2).toBeCloseTo(3 / 5); // "the cat", "on the", "the mat"
    expect(scores.rougeL).toBeCloseTo(5 / 6); // the cat on the mat
  });
  it("clips repeated words to their count in the reference", () => {
    // precision 1/3 (one "the" counts), recall 1/2
    expect(rouge("the the the", "the cat").rouge1).toBeCloseTo(
      (2 * (1 / 3) * (1 / 2)) / (1 / 3 + 1 / 2),
    );
  });
  it("is 0 for nothing in common or an empty text", () => {
    expect(rouge("dogs bark", "cats purr")).toEqual({ rouge1: 0, rouge2: 0, rougeL: 0 });
    expect(rouge("", "cats purr").rouge1).toBe(0);
  });
  it("finds the longest common subsequence", () => {
    expect(longestCommonSubsequence("a b c d e".split(" "), "a x c y e".split(" "))).toBe(3);
  });
});

describe("Pk", () => {
  const reference = [0, 0, 0, 0, 1, 1, 1, 1];
  it("is 0 for the same segmentation, whatever the labels", () => {
    expect(pk(reference, [5, 5, 5, 5, 2, 2, 2, 2])).toBe(0);
  });
  it("counts probes k apart (half the mean reference segment) that disagree", () => {
    // k = 2; probes (0,2) … (5,7): the reference changes for (2,4) and (3,5)
    expect(pk(reference, [0, 0, 0, 0, 0, 0, 0, 0])).toBeCloseTo(2 / 6);
    expect(pk(reference, [0, 1, 2, 3, 4, 5, 6, 7])).toBeCloseTo(4 / 6);
  });
  it("refuses segmentations of different lengths", () => {
    expect(() => pk([0, 0], [0])).toThrow(/same turns/);
  });
  it("labels turns from QMSum-style spans: gaps join the topic before, the first topic covers the start", () => {
    expect(labelsFromSpans(9, [[[1, 3]], [[6, 8]], [[4, 4]]])).toEqual([0, 0, 0, 0, 2, 2, 1, 1, 1]);
  });
});
