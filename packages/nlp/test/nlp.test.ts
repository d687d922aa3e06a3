import { describe, expect, it } from "vitest";
import {
  binaryF1,
  centroid,
  clusterAutomatically,
  cosine,
  evidenceCues,
  fitTfIdf,
  isEvidenceRich,
  kMeans,
  givesReason,
  groupKeyphrases,
  groupPhrases,
  isStopword,
  groupLabels,
  labelFromPhrases,
  proposalOf,
  representativeSentence,
  sampleByContent,
  sampleF1,
  stanceFromText,
  stancesOf,
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
    // Derived forms share the root, so a theme about "education" finds answers about "educating".
    expect(new Set(terms("education educational educate"))).toEqual(new Set(["educ"]));
    expect(new Set(terms("restriction restricted restricting"))).toEqual(new Set(["restrict"]));
  });
});

describe("TF-IDF and clustering", () => {
  const texts = [...buses, ...parks, ...parking];
  const model = fitTfIdf(texts);
  const vectors = texts.map((text) => model.vectorize(text));

  it("gives each fitted document the vector vectorising its text gives, without tokenising it again", () => {
    const fitted = fitTfIdf(texts);
    const documents = fitted.documentVectors();
    expect(documents).toHaveLength(texts.length);
    documents.forEach((vector, at) => {
      const again = fitted.vectorize(texts[at]!);
      expect([...vector.indices]).toEqual([...again.indices]);
      expect([...vector.weights]).toEqual([...again.weights]);
    });
  });

  it("finds texts on the same subject more alike than texts on different ones", () => {
    expect(cosine(vectors[0]!, vectors[1]!)).toBeGreaterThan(cosine(vectors[0]!, vectors[4]!));
    expect(cosine(vectors[4]!, vectors[6]!)).toBeGreaterThan(cosine(vectors[4]!, vectors[9]!));
  });

  it("weighs a term as it is told: a term of weight a half counts half its IDF", () => {
    const weighed = fitTfIdf(texts, { termWeight: (term) => (term === "bus" ? 0.5 : 1) });
    const bus = model.vocabulary.get("bus")!;
    expect(weighed.idf[bus]).toBeCloseTo(model.idf[bus]! / 2);
    const other = [...model.vocabulary.values()].find((index) => index !== bus)!;
    expect(weighed.idf[other]).toBe(model.idf[other]);
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

  it("clusters thousands as it clusters a few: centres found on a sample, refined on more, then every text placed", () => {
    const subjects = [buses, parks, parking];
    const many = Array.from({ length: 3_300 }, (_, index) => {
      const subject = subjects[index % 3]!;
      return { subject: index % 3, text: `${subject[index % subject.length]} Reply ${index}.` };
    });
    const model = fitTfIdf(many.map((item) => item.text));
    const manyVectors = model.documentVectors();
    const first = clusterAutomatically(manyVectors, { minK: 2, maxK: 5 });
    // Every cluster holds one subject, and every subject is found.
    const subjectsOf = first.centroids.map(
      (_, cluster) =>
        new Set(
          many
            .filter((_, index) => first.assignments[index] === cluster)
            .map((item) => item.subject),
        ),
    );
    for (const found of subjectsOf) expect(found.size).toBeLessThanOrEqual(1);
    expect(new Set(subjectsOf.flatMap((found) => [...found])).size).toBe(3);
    expect(clusterAutomatically(manyVectors, { minK: 2, maxK: 5 }).assignments).toEqual(
      first.assignments,
    );
  });

  it("puts a centre where its vectors point, normalised, with each term once and in order", () => {
    const centre = centroid(vectors.slice(0, 4));
    expect([...centre.indices]).toEqual([...new Set(centre.indices)].sort((a, b) => a - b));
    expect(Math.hypot(...centre.weights)).toBeCloseTo(1, 5);
    expect(cosine(centre, vectors[0]!)).toBeGreaterThan(cosine(centre, vectors[4]!));
  });

  it("samples by what texts say: the same ones whatever their order, every one when few", () => {
    const items = texts.map((text, index) => ({ id: `t${index}`, text }));
    const sample = sampleByContent(items, 5, (item) => item.text);
    expect(sample).toHaveLength(5);
    expect(sampleByContent([...items].reverse(), 5, (item) => item.text)).toEqual(sample);
    expect(sampleByContent(items, items.length, (item) => item.text)).toBe(items);
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

describe("proposals and stance", () => {
  it("finds the proposal in a yes/no question or a premise, and none in an open question", () => {
    expect(proposalOf("Should dogs be banned from the beach in summer, and why?")).toMatchObject({
      text: "Should dogs be banned from the beach in summer",
      kind: "yes-no",
    });
    expect(proposalOf("Do you agree that the library should open on Sundays?")).toMatchObject({
      text: "the library should open on Sundays",
      kind: "yes-no",
    });
    expect(
      proposalOf("If parking charges were introduced, what should the money pay for?"),
    ).toMatchObject({ text: "parking charges were introduced", kind: "premise" });
    expect(proposalOf("What would make the park better?")).toBeUndefined();
    expect(proposalOf("")).toBeUndefined();
  });

  it("reads cues against the proposal, negation turning them round", () => {
    const ban = proposalOf("Should dogs be banned from the beach?")!;
    expect(stanceFromText("I support a ban, the beach is covered in mess.", undefined, ban)).toBe(
      "support",
    );
    expect(stanceFromText("I don't support a ban at all.", undefined, ban)).toBe("oppose");
    expect(stanceFromText("Dogs should not be banned from the beach.", undefined, ban)).toBe(
      "oppose",
    );
    expect(stanceFromText("Ban them, children have been bitten.", undefined, ban)).toBe("support");
    expect(stanceFromText("A ban won't work, owners will ignore it.", undefined, ban)).toBe(
      "oppose",
    );
    expect(stanceFromText("It is not a mistake to protect children.", undefined, ban)).toBe(
      "support",
    );
    expect(stanceFromText("A time limit rather than a ban, maybe.", undefined, ban)).toBe(
      "neutral",
    );
  });

  it("gives every answer a side only where the question has a proposal", () => {
    const answers = [{ text: "Yes, ban them." }, { text: "No, it is unfair on owners." }];
    expect(stancesOf(answers, undefined)).toEqual(["neutral", "neutral"]);
    expect(stancesOf(answers, proposalOf("Should dogs be banned from the beach?"))).toEqual([
      "support",
      "oppose",
    ]);
    // Answering within a premise accepts it, unless the answer rejects it.
    const premise = proposalOf("If dogs were banned, where should owners walk them?");
    expect(
      stancesOf(
        [{ text: "Open the fields behind the dunes." }, { text: "I disagree with any ban." }],
        premise,
      ),
    ).toEqual(["support", "oppose"]);
    // The closed answer decides where there is one.
    expect(stancesOf([{ text: "Ban them.", closed: "Disagree" }], premise)).toEqual(["oppose"]);
  });

  it("gives answers with no cue the side they resemble, or none", () => {
    const ban = proposalOf("Should dogs be banned from the beach?");
    const stances = stancesOf(
      [
        { text: "Yes, ban them: dog mess all over the sand where children play." },
        { text: "I support a ban, dog mess on the sand is disgusting." },
        { text: "No, owners pay to park and walk their dogs on the sand every day." },
        { text: "No: owners walk their dogs here every day and pay to park." },
        { text: "Dog mess on the sand again this morning near the children's play area." },
        { text: "The weather was cold." },
      ],
      ban,
    );
    expect(stances.slice(4)).toEqual(["support", "neutral"]);
  });

  it("tells answers that give a reason from those that only take a side", () => {
    expect(["Yes", "Strongly agree.", "No comment", "n/a", ""].map(givesReason)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(["Unaffordable.", "No, too expensive."].map(givesReason)).toEqual([true, true]);
  });
});

describe("phrases and labels", () => {
  const late = [
    "The buses are late every morning and the timetable is useless.",
    "Buses late again; the timetable is useless when buses are late.",
    "My buses are always late, the printed timetable means nothing.",
  ];
  const fares = [
    "Buses cost too much: student fares should be lower.",
    "Student fares on the buses are far too high.",
    "Cheaper student fares would get more young people on buses.",
  ];

  it("finds readable phrases for each group, as people wrote them", () => {
    const [busWords, parkWords, parkingWords] = groupPhrases([buses, parks, parking], { top: 3 });
    expect(busWords).toContain("bus");
    expect(parkWords).toContain("play area");
    expect(parkingWords).toContain("parking");
  });

  it("labels a group with its own phrases, never starting or ending on a stop word nor led by a word every text has", () => {
    // Enough answers to tell which words nearly all of them use ("buses").
    const many = (texts: string[]) => [...texts, ...texts, ...texts, ...texts];
    const [latePhrases, farePhrases] = groupPhrases([many(late), many(fares)]);
    for (const phrase of [...latePhrases!, ...farePhrases!]) {
      const words = phrase.split(" ");
      for (const edge of [words[0]!, words.at(-1)!]) expect(isStopword(edge)).toBe(false);
      expect(words[0]).not.toMatch(/^bus/); // in every response
    }
    expect(latePhrases).toContain("timetable is useless");
    expect(farePhrases![0]).toBe("student fares");
    expect(labelFromPhrases(farePhrases!)).toMatch(/^Student fares/);
    expect(labelFromPhrases([])).toBe("Other points");
  });

  it("labels a group with a short statement in its own words, not an anecdote or a fragment", () => {
    const many = (texts: string[]) => [...texts, ...texts, ...texts, ...texts];
    const personal = [
      "I think my student fares went up again.",
      "Student fares for my son cost 20 pounds a week.",
      "Student fares are far too high for families.",
      "Student fares are too high for most families.",
    ];
    const groups = [many(late), many(fares)];
    const [lateLabel, fareLabel] = groupLabels(groups, groupPhrases(groups));
    const withPersonal = [many(late), personal];
    const [, personalLabel] = groupLabels(withPersonal, groupPhrases(withPersonal));
    for (const label of [lateLabel!, fareLabel!, personalLabel!]) {
      const words = label.split(" ");
      expect(words.length).toBeGreaterThanOrEqual(3);
      expect(words.length).toBeLessThanOrEqual(10);
      expect(isStopword(words[0]!.toLowerCase())).toBe(false);
      expect(label[0]).toBe(label[0]!.toUpperCase());
    }
    expect(lateLabel).toMatch(/timetable is useless/i);
    expect(fareLabel).toMatch(/student fares/i);
    // The writer's own case and a clause with a number are passed over for the view they share.
    expect(personalLabel).toMatch(/^Student fares are (far )?too high for (most )?families$/);
    // With no clause to stand for it, a group keeps its leading phrase...
    expect(groupLabels([["Fares!", "Fares."]], [["fares"]])).toEqual(["Fares"]);
    // ...as it does when its clause is one answer's alone, which the others do not echo.
    const mixed = [
      "Student fares should be scrapped entirely.",
      "Student fares, and parking.",
      "Student fares; also the timetable.",
      "Student fares and the roads.",
    ];
    expect(groupLabels([mixed], [["student fares"]])).toEqual(["Student fares"]);
  });

  it("says what a view is about, not who holds it, and never runs a phrase across two clauses", () => {
    const parking = [
      "I strongly oppose the new charges for parking near the station since prices have gone up.",
      "We object to the new charges for parking near the station as shops will close.",
      "I do not support the new charges for parking near the station given the cost of living.",
      "The new charges for parking near the station are unfair.",
    ];
    const groups = [parking, late];
    const phrases = groupPhrases(groups);
    for (const phrase of phrases[0]!) expect(phrase).not.toMatch(/\b(since|as|given)\b/);
    expect(groupLabels(groups, phrases)[0]).toBe("New charges for parking near the station");
  });

  it("picks the sentence that best stands for a group", () => {
    const [phrases] = groupPhrases([fares, late]);
    const sentence = representativeSentence(fares, phrases!)!;
    expect(fares).toContain(sentence);
    expect(sentence.toLowerCase()).toContain(phrases![0]);
    expect(representativeSentence(["Too short."], phrases!)).toBeUndefined();
  });
});
