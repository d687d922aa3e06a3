import path from "node:path";
import { describe, expect, it } from "vitest";
import { readRows, type SourceFormat } from "@bernard/toolkit/uploads";

const sample = (name: string) => path.resolve(import.meta.dirname, "../samples", name);

async function rowsOf(name: string, format: SourceFormat) {
  const rows = [];
  for await (const row of readRows(sample(name), format)) rows.push(row);
  return rows;
}

describe("the sample exports Bernard ships", () => {
  it("reads the Citizen Space export", async () => {
    const rows = await rowsOf("citizen-space.csv", "csv");
    expect(rows).toHaveLength(10);
    expect(rows[4]!.values!["Please explain your answer"]).toContain("manager of a pub");
  });

  it("reads the Qualtrics export, leaving out its question-text and ImportId rows", async () => {
    const rows = await rowsOf("qualtrics.csv", "csv");
    expect(rows.map((row) => row.rowNumber)).toEqual([4, 5, 6, 7, 8]);
    expect(rows[0]!.values).toMatchObject({ ResponseId: "R_1aBcD", Q1: "Every day" });
  });

  it("reads the Microsoft Forms workbook", async () => {
    const rows = await rowsOf("microsoft-forms.xlsx", "xlsx");
    expect(rows).toHaveLength(6);
    expect(rows[1]!.values).toMatchObject({ ID: "2", "Which services do you use?": "Route 3;" });
    expect(rows[1]!.values!["Start time"]).toBe("2026-02-12");
  });
});
