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

describe("offline engine", () => {
  const engine = new OfflineEngine();

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
    expect(mapped.get("2")!.rationale).toMatch(
      /^Harm to children and vulnerable people \(similarity 0\.\d\d\)/,
    );
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
    expect(harm.summary).toMatch(/^Most often mentioned: .+\.$/);
  });
});
