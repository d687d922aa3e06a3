import { describe, expect, it } from "vitest";
import {
  binaryF1,
  clusterAutomatically,
  cosine,
  evidenceCues,
  fitTfIdf,
  groupKeyphrases,
  isEvidenceRich,
  kMeans,
  sampleF1,
  stanceFromText,
  terms,
} from "../src/index.js";

const buses = [
  "The number 12 bus is always late and the timetable is wrong.",
  "Buses in the village stopped running after six, the timetable is useless.",
  "Late buses mean I miss work; the bus timetable needs fixing.",
  "Bus fares went up and the buses are late every morning.",
];
const parks = [
  "The park needs more bins and the grass is never cut.",
  "Children's play area in the park is broken and the grass overgrown.",
  "Please cut the grass in the park and repair the play area.",
  "Dog mess in the park: the park needs bins and the grass cut.",
];
const parking = [
  "Parking charges near the station are too high for commuters.",
  "Station parking costs more every year and spaces are full by eight.",
  "Free parking at the station would get cars off the high street.",
];

describe("text", () => {
  it("reduces inflections to one stem and drops stopwords", () => {
    expect(terms("Banning the bans: they banned it")).toEqual(["ban", "ban", "ban"]);
    expect(terms("Buses and bus")).toEqual(["bus", "bus"]);
  });
});

describe("TF-IDF and clustering", () => {
  const texts = [...buses, ...parks, ...parking];
  const model = fitTfIdf(texts);
  const vectors = texts.map((text) => model.vectorize(text));

  it("finds texts on the same subject more alike than texts on different ones", () => {
    expect(cosine(vectors[0]!, vectors[1]!)).toBeGreaterThan(cosine(vectors[0]!, vectors[4]!));
    expect(cosine(vectors[4]!, vectors[6]!)).toBeGreaterThan(cosine(vectors[4]!, vectors[9]!));
  });

  it("groups the three subjects apart, choosing the number of groups itself, the same every run", () => {
    const first = clusterAutomatically(vectors, { minK: 2, maxK: 5 });
    expect(first.centroids).toHaveLength(3);
    const groupOf = (from: number, count: number) =>
      new Set(first.assignments.slice(from, from + count));
    expect(groupOf(0, 4).size).toBe(1);
    expect(groupOf(4, 4).size).toBe(1);
    expect(groupOf(8, 3).size).toBe(1);
    expect(new Set([...groupOf(0, 4), ...groupOf(4, 4), ...groupOf(8, 3)]).size).toBe(3);
    expect(clusterAutomatically(vectors, { minK: 2, maxK: 5 }).assignments).toEqual(
      first.assignments,
    );
    expect(kMeans(vectors, 3, { seed: 9 }).assignments).toEqual(
      kMeans(vectors, 3, { seed: 9 }).assignments,
    );
  });

  it("labels each group by what sets it apart", () => {
    const [busWords, parkWords, parkingWords] = groupKeyphrases([buses, parks, parking], 3);
    expect(busWords).toContain("bus");
    expect(parkWords).toContain("park");
    // Written as people wrote it, not as the stem it shares with "park".
    expect(parkingWords).toContain("parking");
  });
});

describe("metrics", () => {
  it("averages each item's F1, with a bootstrap interval around it", () => {
    const estimate = sampleF1([
      { predicted: new Set(["A", "B"]), reference: new Set(["A", "B"]) },
      { predicted: new Set(["A"]), reference: new Set(["A", "C"]) },
      { predicted: new Set(["B"]), reference: new Set(["C"]) },
    ]);
    expect(estimate.value).toBeCloseTo((1 + 2 / 3 + 0) / 3);
    expect(estimate.low).toBeLessThanOrEqual(estimate.value);
    expect(estimate.high).toBeGreaterThanOrEqual(estimate.value);
    expect(sampleF1([{ predicted: new Set(["A"]), reference: new Set(["B"]) }])).toEqual({
      value: 0,
      low: 0,
      high: 0,
    });
  });

  it("scores yes/no judgements", () => {
    expect(
      binaryF1([
        { predicted: true, reference: true },
        { predicted: true, reference: false },
        { predicted: false, reference: true },
        { predicted: false, reference: false },
      ]),
    ).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 });
  });
});

describe("cues", () => {
  it("takes stance from the closed answer first, then from the text", () => {
    expect(stanceFromText("Whatever", "Strongly disagree")).toBe("oppose");
    expect(stanceFromText("Yes, absolutely ban them.")).toBe("support");
    expect(stanceFromText("A ban would be excessive; adults can make their own choices.")).toBe(
      "oppose",
    );
    expect(stanceFromText("It depends on the details.")).toBe("neutral");
  });

  it("calls a response evidence-rich for experience, figures or sources, and says which", () => {
    expect(
      isEvidenceRich(evidenceCues("My son lost £4,000 in a month to online betting.")),
    ).toEqual({
      rich: true,
      reason: "Gives personal or professional experience and figures.",
    });
    expect(isEvidenceRich(evidenceCues("I just think it is wrong.")).rich).toBe(false);
  });
});
