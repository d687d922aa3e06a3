import { describe, expect, it } from "vitest";
import { syntheticKnowledgeBase } from "../src/bench/synthetic.js";
import { draftFromLines, usableIndex } from "../src/engine/draft.js";
import { rankLinesForLetter } from "../src/engine/retrieve.js";
import { pointStandingNeeded, releaseStandingNeeded } from "../src/engine/significance.js";
import { checkStyle, readingAge } from "../src/engine/style.js";
import { extractLetter } from "../src/intake/extract.js";
import type { Line } from "../src/lines/lines.js";

const line = (id: string, topic: string, text: string, extra: Partial<Line> = {}): Line => ({
  id,
  topic,
  text,
  approvedOn: "2025-01-10",
  status: "current",
  ...extra,
});
const LINES: Line[] = [
  line(
    "fee-1",
    "Home Office",
    "Passport fees pay for the cost of the passport service, not general taxation.",
  ),
  line(
    "fee-2",
    "Home Office",
    "Families on low incomes can ask for help with passport fees through the hardship scheme.",
  ),
  line("bus-1", "Transport", "Bus fares outside London are capped at £3 a journey until December."),
  line("bus-2", "Transport", "Local councils plan bus routes with operators in their area.", {
    approvedOn: "2025-02-01",
  }),
  line("tax-1", "HM Treasury", "Income tax allowances are set each year at the Budget."),
];
const LETTER = `Jane Smith MP\nHouse of Commons\nSW1A 0AA\n\nOur ref: JS/1\n\n3 March 2026\n\nDear Minister,\n\nI write on behalf of my constituent, Mr Robert Brown, about passport fees, which he says are too high for families on low incomes.\n\nHe also asks why there are no seagulls on the moon.\n\nYours sincerely,\nJane Smith MP\nMember of Parliament for Leeds Central`;

describe("offline draft", () => {
  it("answers a point from its lines, cites them, and puts a placeholder for a point no line answers", () => {
    const draft = draftFromLines(extractLetter(LETTER), LINES, { date: "2026-03-10" });
    expect(draft.paragraphs[0]!.text).toBe("Dear Jane Smith,");
    expect(draft.paragraphs[1]!.text).toBe(
      "Thank you for your letter of 3 March 2026 (your reference JS/1) on behalf of your constituent, Mr Robert Brown.",
    );
    const cited = draft.paragraphs.flatMap((p) => p.lines);
    expect(cited).toContain("fee-2");
    expect(cited).not.toContain("bus-1");
    expect(
      draft.paragraphs.some(
        (p) => p.text === "[No approved line: He also asks why there are no seagulls on the moon.]",
      ),
    ).toBe(true);
    expect(draft.flags.filter((f) => f.kind === "no-approved-line")).toEqual([
      expect.objectContaining({ point: 1 }),
    ]);
    for (const p of draft.paragraphs.filter((p) => p.lines.length > 0))
      expect(LINES.find((l) => l.id === p.lines[0])!.text).toBe(p.text);
    expect(draft.retrieval[0]!.candidates[0]!.why).toMatch(/shares the words/);
  });

  it("never uses a withdrawn or expired line", () => {
    const lines = LINES.map((l) =>
      l.id === "fee-2"
        ? { ...l, expiresOn: "2026-01-01" }
        : l.id === "fee-1"
          ? { ...l, status: "withdrawn" as const }
          : l,
    );
    const draft = draftFromLines(extractLetter(LETTER), lines, { date: "2026-03-10" });
    const cited = draft.paragraphs.flatMap((p) => p.lines);
    expect(cited).not.toContain("fee-1");
    expect(cited).not.toContain("fee-2");
  });

  it("checks house style with what to change", () => {
    const details = extractLetter(LETTER);
    const flags = checkStyle(
      [
        { text: "Dear Minister,", lines: [] },
        { text: "We don't utilise buses and will reply shortly.", lines: ["x"] },
      ],
      details,
    );
    expect(flags.map((f) => f.check)).toEqual(
      expect.arrayContaining([
        "words-to-avoid",
        "contraction",
        "exact-date",
        "salutation",
        "mp-reference",
      ]),
    );
    expect(flags.find((f) => f.check === "contraction")!.text).toBe(
      "Write “don't” in full: no contractions in letters.",
    );
    expect(readingAge("The cat sat on the mat.")).toBeLessThan(10);
  });

  it("cites only the release that stands out for the letter, and nothing when its lines are removed", () => {
    const { lines, letter } = syntheticKnowledgeBase(400, 7);
    const details = extractLetter(letter(7));
    const own = new Set(lines.slice(56, 64).map((l) => l.id));
    const ranked = rankLinesForLetter(usableIndex(lines, { date: "2026-01-01" }), details.points);
    expect(new Set(ranked.slice(0, 8).map((m) => m.line.id))).toEqual(own);

    const draft = draftFromLines(details, lines, { date: "2026-01-01" });
    const cited = draft.paragraphs.flatMap((p) => p.lines);
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.every((id) => own.has(id))).toBe(true);
    expect(draft.retrieval[0]!.candidates[0]!.answers).toBe(true);

    const without = draftFromLines(
      details,
      lines.filter((l) => !own.has(l.id)),
      { date: "2026-01-01" },
    );
    expect(without.paragraphs.flatMap((p) => p.lines)).toEqual([]);
    expect(without.flags.filter((f) => f.kind === "no-approved-line").map((f) => f.point)).toEqual(
      details.points.map((_, n) => n),
    );
  });

  it("asks a release to stand 5 deviations out, or 80% of the most a small knowledge base allows", () => {
    expect(releaseStandingNeeded(106)).toBe(5);
    expect(pointStandingNeeded(106)).toBe(2);
    // Four releases: one alone matching stands √3 above the other three.
    expect(releaseStandingNeeded(4)).toBeCloseTo(0.8 * Math.sqrt(3), 10);
    expect(pointStandingNeeded(4)).toBeCloseTo(0.8 * Math.sqrt(3), 10);
    expect(releaseStandingNeeded(1)).toBe(0);
  });
});
