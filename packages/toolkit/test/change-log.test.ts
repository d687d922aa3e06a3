import { describe, expect, it } from "vitest";
import { changeSchema, defineChangeLog } from "../src/change-log/index.js";

const log = defineChangeLog(["note.renamed", "note.summarised"]);
const ada = { kind: "person", id: "ada", name: "Ada" } as const;

describe("a tool's change log", () => {
  it("records who made a change, what, and the values before and after", () => {
    expect(
      log.entry({ action: "note.renamed", by: ada, before: "Bus", after: "Buses", details: {} }),
    ).toEqual({
      actorId: "ada",
      actorName: "Ada",
      source: "person",
      action: "note.renamed",
      details: { before: "Bus", after: "Buses" },
    });
    const byAi = log.entry({
      action: "note.summarised",
      by: { kind: "ai", id: "ai", name: "Offline engine" },
      details: { at: new Date("2026-09-01T00:00:00Z"), words: 120 },
    });
    expect(byAi).toMatchObject({ source: "ai", details: { at: "2026-09-01T00:00:00.000Z" } });
  });

  it("refuses a kind of change the tool did not declare", () => {
    // @ts-expect-error: not one of the tool's kinds
    expect(() => log.entry({ action: "note.deleted", by: ada })).toThrow(
      "Undeclared change: note.deleted",
    );
  });

  it("shows a stored change as the API sends it", () => {
    const shown = log.view({
      at: new Date("2026-09-01T14:05:00Z"),
      actorId: "ai",
      actorName: "AI model",
      source: "ai",
      action: "note.summarised",
      details: { words: 3 },
    });
    expect(shown).toEqual({
      at: "2026-09-01T14:05:00.000Z",
      actorName: "AI model",
      source: "ai",
      action: "note.summarised",
      details: { words: 3 },
    });
    expect(changeSchema.parse(shown)).toEqual(shown);
  });
});
