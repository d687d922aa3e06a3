import { describe, expect, it } from "vitest";
import { dateInputSchema } from "../src/index.js";

const opened = dateInputSchema("Opened on");

describe("dateInputSchema", () => {
  it("reads the boxes as a calendar date, and empty boxes as no date", () => {
    expect(opened.parse({ day: "1", month: "sep", year: "2026" })).toBe("2026-09-01");
    expect(opened.parse({ day: "", month: "", year: "" })).toBeUndefined();
  });

  it("puts the GOV.UK message against every box that is wrong", () => {
    const result = opened.safeParse({ day: "31", month: "", year: "" });
    expect(result.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["month", "Opened on must include a month and a year"],
      ["year", "Opened on must include a month and a year"],
    ]);
    expect(opened.safeParse({ day: "31", month: "2", year: "2026" }).error?.issues).toMatchObject([
      { path: ["day"], message: "Opened on must be a real date" },
    ]);
  });
});
