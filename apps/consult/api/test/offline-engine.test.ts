import { terms } from "@bernard/nlp";
import { describe, expect, it } from "vitest";
import { OfflineEngine } from "../src/engine/offline.js";
import { NO_REASON, OTHER, type ConsultationResponse } from "../src/engine/types.js";

const responses: ConsultationResponse[] = [
  {
    id: "1",
    text: "Yes, ban the adverts: my son started betting after seeing gambling adverts at football.",
  },
  {
    id: "2",
    text: "Yes, ban all gambling adverts: they target vulnerable people and children watching football.",
  },
  {
    id: "3",
    text: "Please ban these adverts, children see gambling adverts every match and copy the betting.",
  },
  {
    id: "4",
    text: "A ban is excessive; clubs need sponsorship money and ticket prices would rise without it.",
  },
  {
    id: "5",
    text: "No ban: sponsorship money keeps grassroots clubs alive and ticket prices low.",
  },
  {
    id: "6",
    text: "Excessive. Sponsorship funds the clubs, and without that money ticket prices go up.",
  },
  { id: "7", text: "Yes." },
  { id: "8", text: "The weather has been lovely this autumn in the Highlands." },
];
const themes = [
  {
    id: "harm",
    label: "Harm to children and vulnerable people",
    description: "Adverts lead children and vulnerable people into betting and gambling.",
  },
  {
    id: "money",
    label: "Sponsorship money for clubs",
    description: "Clubs rely on sponsorship money; ticket prices would rise.",
  },
];

const QUESTION = "Should gambling adverts be banned at football matches?";

describe("offline engine", () => {
  const engine = new OfflineEngine({ question: QUESTION });

  it("maps each response to the themes it raises, with fallbacks, stance and evidence", () => {
    const mapped = new Map(
      engine.mapResponses(responses, themes).map((response) => [response.id, response]),
    );
    for (const id of ["1", "2", "3"]) expect(mapped.get(id)!.themeIds[0]).toBe("harm");
    for (const id of ["4", "5", "6"]) expect(mapped.get(id)!.themeIds[0]).toBe("money");
    expect(mapped.get("7")!.themeIds).toEqual([NO_REASON.id]);
    expect(mapped.get("8")!.themeIds).toEqual([OTHER.id]);
    expect(mapped.get("1")).toMatchObject({ stance: "support", evidenceRich: true });
    expect(mapped.get("4")!.stance).toBe("oppose");
    // Why, in words a reviewer reads: no similarity scores.
    expect(mapped.get("2")!.rationale).toMatch(
      /^Uses words like those of th(is theme|ese themes): “Harm to children and vulnerable people”/,
    );
    for (const response of mapped.values()) expect(response.rationale).not.toMatch(/\d\.\d/);
  });

  it("finds themes that keep supporters and opponents apart, the same on every run", () => {
    const first = engine.discoverThemes(responses);
    expect(engine.discoverThemes(responses)).toEqual(first);
    const sideOf = (id: string) =>
      first.find((theme) => theme.representatives.includes(id))?.stance;
    expect(sideOf("2")).toBe("support");
    expect(sideOf("5")).toBe("oppose");
    for (const theme of first) expect(theme.representatives.length).toBeGreaterThan(0);
    const stanceOf = new Map(first.map((theme) => [theme.id, theme.stance]));
    for (const response of engine.mapResponses(responses, first)) {
      const opposite = { support: "oppose", oppose: "support" }[response.stance as "support"];
      if (!opposite) continue;
      for (const themeId of response.themeIds) expect(stanceOf.get(themeId)).not.toBe(opposite);
    }
  });

  it("writes each theme up with its distinctive phrases and quotes that say something", () => {
    const members = new Map([
      ["harm", [...responses.slice(0, 3), { id: "closed-only", text: "", closed: "Agree" }]],
      ["money", responses.slice(3, 6)],
      ["empty", []],
    ]);
    const writeUps = engine.writeUp([...themes, { ...themes[0]!, id: "empty" }], members);
    expect([...writeUps.keys()]).toEqual(["harm", "money"]);
    const harm = writeUps.get("harm")!;
    expect(harm.quoteIds.length).toBeGreaterThan(0);
    expect(harm.quoteIds).not.toContain("closed-only");
    for (const id of harm.quoteIds) expect(["1", "2", "3"]).toContain(id);
    // How many responses, and what share raise each of its phrases: the quotes show the rest.
    // The question's words ("gambling adverts") are not counted: every response is about them.
    expect(harm.summary).toBe("4 responses: 50% mention betting and 50% children.");
  });

  it("writes a large theme up from a sample of what it says, counting every response and the same whatever their order", () => {
    const reasons = ["the cost of travel", "late evening buses", "fares for pensioners"];
    const many = Array.from({ length: 2_500 }, (_, index) => ({
      id: `r${index}`,
      text: `Bus fares matter because of ${reasons[index % 3]} and route ${index % 97}.`,
    }));
    const writeUpOf = (members: ConsultationResponse[]) =>
      engine.writeUp([themes[0]!], new Map([["harm", members]])).get("harm")!;
    const large = writeUpOf(many);
    // Every response counted; the shares read from the sample (each reason is in a third).
    const shares = /^2,500 responses: (.+)\.$/.exec(large.summary)![1]!.match(/\d+%/g);
    expect(shares!.length).toBeGreaterThan(0);
    for (const share of shares!) expect(["33%", "34%"]).toContain(share);
    expect(large.quoteIds).toHaveLength(3);
    for (const id of large.quoteIds) expect(many.some((response) => response.id === id)).toBe(true);
    expect(writeUpOf([...many].reverse())).toEqual(large);
  });

  it("finds the same themes whatever the order and IDs of the responses, as the app and the command line give them", () => {
    // Answers that overlap in their words, so where clustering starts matters.
    const subjects = [
      "late buses",
      "dirty seats",
      "high fares",
      "rude drivers",
      "missing shelters",
    ];
    const reasons = ["every morning", "for students", "near the hospital", "on the 12 route"];
    const many = subjects.flatMap((subject, s) =>
      reasons.map((reason, r) => ({
        id: `${s}-${r}`,
        text: `The ${subject} ${reason} and the ${subjects[(s + r + 1) % subjects.length]} too.`,
      })),
    );
    const shape = (themes: ReturnType<typeof engine.discoverThemes>) =>
      themes.map(({ label, description, stance, keyphrases }) => ({
        label,
        description,
        stance,
        keyphrases,
      }));
    const fromFile = shape(engine.discoverThemes(many));
    for (let shift = 1; shift < many.length; shift += 3) {
      // As the database returns them: another order, other IDs.
      const fromDatabase = [...many.slice(shift), ...many.slice(0, shift)].map((response) => ({
        ...response,
        id: `row-${shift}-${response.id}`,
      }));
      expect(shape(engine.discoverThemes(fromDatabase))).toEqual(fromFile);
    }
  });
});

describe("offline engine, many people saying the same", () => {
  const views = [
    "The last bus leaves too early for shift workers",
    "Cutting the service would isolate older people in the villages",
    "Empty evening buses waste public money",
    "Night workers at the hospital rely on the late buses",
  ];
  // Each view written 60 times, told apart only by a year: a number says when, not what.
  const responses = Array.from({ length: 240 }, (_, index) => ({
    id: String(index + 1),
    text: `${views[index % views.length]}, and I have said so since ${2000 + (index % 20)}.`,
  }));

  it("finds one theme a view, each named by what its respondents say", () => {
    const themes = new OfflineEngine({ question: "What do you think of the bus service?" })
      .discoverThemes(responses)
      .map((theme) => theme.label);
    expect(themes.toSorted()).toEqual([
      "Cutting the service would isolate older people in the villages",
      "Empty evening buses waste public money",
      "Last bus leaves too early for shift workers",
      "Night workers at the hospital rely on the late buses",
    ]);
  });

  it("counts each of a theme's words once in its summary, however many of its phrases hold it", () => {
    const engine = new OfflineEngine({ question: "What do you think of the bus service?" });
    const themes = engine.discoverThemes(responses);
    const members = new Map(themes.map((theme) => [theme.id, [] as typeof responses]));
    for (const response of engine.mapResponses(responses, themes))
      members.get(response.themeIds[0]!)?.push(responses.find(({ id }) => id === response.id)!);
    for (const { summary } of engine.writeUp(themes, members).values()) {
      const counted = summary.replace(/^[\d,]+ responses: /, "").split(/\d+% (?:mention )?/);
      const words = counted.flatMap((phrase) => terms(phrase.replace(/(, | and |\.)$/, "")));
      expect(words.length, summary).toBeGreaterThan(0);
      expect(words, summary).toEqual([...new Set(words)]);
    }
  });
});

describe("offline engine, the question's own words", () => {
  // Three views, each said in eight ways; half of every view's answers name the bus service the
  // question asks about, which says what the answer is about, not what it says.
  const subjects = ["The bus service", "Our buses", "The service", "My bus"];
  const views = {
    fares: [
      "costs too much: fares should be cheaper",
      "needs cheaper fares, tickets cost a fortune",
      "fares are far too high for pensioners",
      "would be used more if tickets were cheaper",
    ],
    cleanliness: [
      "is dirty: the seats are filthy",
      "needs cleaning, the floors are filthy",
      "has filthy seats and litter everywhere",
      "should be cleaned every night, it is dirty",
    ],
    frequency: [
      "should run more often in the evening",
      "comes once an hour, it should run more often",
      "needs to run every ten minutes, not hourly",
      "runs too rarely on Sundays",
    ],
  };
  const responses = Object.entries(views).flatMap(([view, sayings]) =>
    sayings.flatMap((saying, index) => [
      { id: `${view}-${index}-a`, text: `${subjects[index]} ${saying}.` },
      { id: `${view}-${index}-b`, text: `${saying[0]!.toUpperCase()}${saying.slice(1)}.` },
    ]),
  );

  it("groups answers by what they say, not by the question's words they share", () => {
    const engine = new OfflineEngine({ question: "What do you think of the bus service?" });
    const themes = engine.discoverThemes(responses);
    const mapped = engine.mapResponses(responses, themes);
    const viewsOf = (themeId: string) =>
      new Set(
        mapped
          .filter((response) => response.themeIds.includes(themeId))
          .map((response) => response.id.split("-")[0]),
      );
    for (const theme of themes) expect([...viewsOf(theme.id)], theme.label).toHaveLength(1);
    expect(new Set(themes.flatMap((theme) => [...viewsOf(theme.id)]))).toEqual(
      new Set(Object.keys(views)),
    );
  });
});

describe("offline engine, stance and the question", () => {
  const open = [
    "More frequent buses in the evening would help shift workers get home.",
    "Evening buses are too infrequent, so shift workers wait an hour.",
    "Shift workers need evening buses every twenty minutes.",
    "Cleaner buses: the seats on the evening buses are filthy and sticky.",
    "The seats are filthy and the floors sticky on most buses.",
    "Please clean the seats and floors of the buses more often.",
    "Cheaper fares for students and pensioners would get more people on buses.",
    "Fares are too high for students and pensioners to travel daily.",
    "Lower fares for students and pensioners, please.",
  ].map((text, index) => ({ id: String(index + 1), text }));

  it("splits nobody into for and against when the question proposes nothing", () => {
    const themes = new OfflineEngine({
      question: "What would improve your bus service?",
    }).discoverThemes(open);
    expect(themes.length).toBeGreaterThan(1);
    for (const theme of themes) {
      expect(theme.stance).toBe("neutral");
      expect(theme.label).not.toMatch(/\((?:for|against)\)/);
      expect(theme.description).not.toMatch(/proposal/);
    }
  });

  it("splits by side on a yes/no question, and reads negation as the other side", () => {
    const engine = new OfflineEngine({
      question: "Should the council ban cars from the town centre?",
    });
    const answers = [
      "I support the ban: cars make the town centre dangerous for children.",
      "Yes, ban them, the traffic fumes are harmful and the noise constant.",
      "Ban cars, the centre would be safer for children walking to school.",
      "I don't support the ban, shops need customers who drive in.",
      "A ban won't work; shops would lose customers who drive in from villages.",
      "Cars should not be banned, shops rely on customers who drive.",
    ].map((text, index) => ({ id: String(index + 1), text }));
    const mapped = engine.mapResponses(answers, []);
    expect(mapped.map((response) => response.stance)).toEqual([
      "support",
      "support",
      "support",
      "oppose",
      "oppose",
      "oppose",
    ]);
    const themes = engine.discoverThemes(answers);
    expect(new Set(themes.map((theme) => theme.stance))).toEqual(new Set(["support", "oppose"]));
    for (const theme of themes) expect(theme.label).toMatch(/ \((?:for|against)\)$/);
  });

  it("puts only answers that give no reason under No reason given", () => {
    const mapped = new OfflineEngine({ question: QUESTION }).mapResponses(
      [
        { id: "1", text: "Yes." },
        { id: "2", text: "Strongly agree" },
        { id: "3", text: "No comment." },
        { id: "4", text: "Unaffordable." },
        { id: "5", text: "", closed: "Agree" },
      ],
      themes,
    );
    const noReason = mapped.filter((response) => response.themeIds.includes(NO_REASON.id));
    expect(noReason.map((response) => response.id)).toEqual(["1", "2", "3", "5"]);
  });
});
