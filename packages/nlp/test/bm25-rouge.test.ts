import { describe, expect, it } from "vitest";
import { bm25Index, longestCommonSubsequence, rougeL, terms } from "../src/index.js";

describe("BM25", () => {
  const documents = [
    "The licence fee funds the BBC.",
    "Cannabis is a harmful drug; there are no plans to legalise cannabis.",
    "Funding for brain tumour research has risen.",
    "The fee for a passport rises in April.",
  ].map(terms);
  const index = bm25Index(documents);

  it("ranks the document sharing the rarest query terms first, and explains the score", () => {
    const query = terms("Please legalise cannabis");
    const scores = index.scores(query);
    const best = scores.indexOf(Math.max(...scores));
    expect(best).toBe(1);
    expect(scores[0]).toBe(0);
    const parts = index.contributions(query, 1);
    expect(parts.map((part) => part.term).sort()).toEqual(terms("cannabis legalise").sort());
    expect(parts.reduce((sum, part) => sum + part.score, 0)).toBeCloseTo(scores[1]!, 10);
  });

  it("gives a term found in every document no weight and an unseen term none", () => {
    const everywhere = bm25Index([["a", "b"], ["a"], ["a", "c"]]);
    expect(everywhere.idf("a")).toBeLessThan(everywhere.idf("b"));
    expect(everywhere.idf("zzz")).toBe(0);
    expect(everywhere.documentCount).toBe(3);
    expect(everywhere.documentFrequency("a")).toBe(3);
    expect(everywhere.documentFrequency("c")).toBe(1);
  });

  it("prefers the shorter of two documents with the same matches (length normalisation)", () => {
    const lengths = bm25Index([
      ["fee", ...Array<string>(30).fill("filler")],
      ["fee", "other"],
      ["x"],
    ]);
    const [long, short] = lengths.scores(["fee"]);
    expect(short!).toBeGreaterThan(long!);
  });
});

describe("ROUGE-L", () => {
  it("is 1 for the same text, 0 for no shared word and in between otherwise", () => {
    expect(rougeL("the cat sat", "The cat sat.")).toBe(1);
    expect(rougeL("dogs bark", "the cat sat")).toBe(0);
    // LCS "the cat" = 2 of 3 words each way
    expect(rougeL("the cat ran", "the cat sat")).toBeCloseTo(2 / 3, 10);
    expect(longestCommonSubsequence(["a", "b", "c", "d"], ["b", "d"])).toBe(2);
  });
});
