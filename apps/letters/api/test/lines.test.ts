import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { documentFrom } from "@bernard/toolkit/exports";
import { describe, expect, it } from "vitest";
import { importLines } from "../src/lines/import.js";
import { isUsable, whyUnusable, type Line } from "../src/lines/lines.js";

async function saved(name: string, content: string | Buffer): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), "lines-")), name);
  await writeFile(file, content);
  return file;
}

describe("importing lines to take", () => {
  it("reads JSON Lines with the dataset's fields, and optional expiry and status", async () => {
    const file = await saved(
      "lines.jsonl",
      [
        JSON.stringify({
          line_id: "a-0",
          title: "Fees",
          topic: "Home Office",
          text: "Passport fees fund the service.",
          approved_on: "2025-01-10",
          source: "x",
        }),
        JSON.stringify({
          line_id: "a-1",
          title: "Fees",
          topic: "",
          text: "Help is available.",
          approved_on: "2025-01-10",
          expires_on: "2026-01-10",
          status: "withdrawn",
        }),
      ].join("\n"),
    );
    const { lines, problems } = await importLines(file, "lines.jsonl");
    expect(problems).toEqual([]);
    expect(lines).toEqual([
      {
        id: "a-0",
        title: "Fees",
        topic: "Home Office",
        text: "Passport fees fund the service.",
        approvedOn: "2025-01-10",
        expiresOn: undefined,
        status: "current",
      },
      {
        id: "a-1",
        title: "Fees",
        topic: "",
        text: "Help is available.",
        approvedOn: "2025-01-10",
        expiresOn: "2026-01-10",
        status: "withdrawn",
      },
    ]);
  });

  it("reports each bad CSV row by its number with what to change, and keeps the good ones", async () => {
    const file = await saved(
      "lines.csv",
      [
        "line_id,title,topic,text,approved_on,expires_on,status",
        "b-0,Buses,Transport,Buses are funded.,2025-02-01,,",
        "b-1,Buses,Transport,,2025-02-01,,",
        "b-2,Buses,Transport,Fares are capped.,01/02/2025,,",
        "b-3,Buses,Transport,Routes are local.,2025-02-01,2025-01-01,",
        "b-0,Buses,Transport,Again.,2025-02-01,,",
        "b-4,Buses,Transport,Old.,2025-02-01,,retired",
      ].join("\n"),
    );
    const { lines, problems } = await importLines(file, "lines.csv");
    expect(lines.map((line) => line.id)).toEqual(["b-0"]);
    expect(problems).toEqual([
      { row: 3, message: expect.stringMatching(/^Row 3: text is missing\. Every line needs/) },
      {
        row: 4,
        message:
          'Row 4: approved_on "01/02/2025" is not a date. Write it as YYYY-MM-DD, for example 2026-03-03.',
      },
      {
        row: 5,
        message: "Row 5: expires_on 2025-01-01 is before approved_on 2025-02-01. Check both dates.",
      },
      {
        row: 6,
        message: 'Row 6: line_id "b-0" is already used by Row 2. Give each line its own line_id.',
      },
      { row: 7, message: expect.stringMatching(/^Row 7: status "retired" is not known/) },
    ]);
  });

  it("names a JSON Lines line that is not JSON", async () => {
    const file = await saved(
      "lines.jsonl",
      `${JSON.stringify({ line_id: "c", text: "t", approved_on: "2025-01-01" })}\n{oops\n`,
    );
    const { lines, problems } = await importLines(file, "lines.jsonl");
    expect(lines).toHaveLength(1);
    expect(problems).toEqual([{ row: 2, message: "Line 2 is not valid JSON." }]);
  });

  it("reads a Word document of headed lines with their fields", async () => {
    const docx = await documentFrom("Lines to take", [
      { heading: "Home Office", level: 1 },
      { heading: "Passport fees", level: 2 },
      { paragraph: "line_id: p-0" },
      { paragraph: "Topic: Home Office" },
      { paragraph: "Approved on: 2025-03-01" },
      { paragraph: "Passport fees pay for the service." },
      { paragraph: "They are reviewed each year." },
      { heading: "Lost passports", level: 2 },
      { paragraph: "line_id: p-1" },
      { paragraph: "approved_on: 2025-03-01" },
      { paragraph: "expires_on: 2025-12-31" },
      { paragraph: "Report a lost passport online." },
    ]);
    const { lines, problems } = await importLines(await saved("lines.docx", docx), "lines.docx");
    // "Home Office" has nothing under it: a section heading, not a line.
    expect(problems).toEqual([]);
    expect(lines).toEqual([
      {
        id: "p-0",
        title: "Passport fees",
        topic: "Home Office",
        text: "Passport fees pay for the service.\n\nThey are reviewed each year.",
        approvedOn: "2025-03-01",
        expiresOn: undefined,
        status: "current",
      },
      {
        id: "p-1",
        title: "Lost passports",
        topic: "",
        text: "Report a lost passport online.",
        approvedOn: "2025-03-01",
        expiresOn: "2025-12-31",
        status: "current",
      },
    ]);
  });

  it("reports a headed line without its fields by its heading's number", async () => {
    const docx = await documentFrom("Lines", [
      { heading: "Fees", level: 2 },
      { paragraph: "Fees are set by law." },
    ]);
    const { problems } = await importLines(await saved("lines.docx", docx), "lines.docx");
    expect(problems).toEqual([
      { row: 1, message: expect.stringMatching(/^Heading 1: line_id, approved_on are missing/) },
    ]);
  });

  it("refuses a kind of file it cannot import, saying which it can", async () => {
    await expect(importLines(await saved("lines.pdf", "x"), "lines.pdf")).rejects.toThrow(
      /JSON Lines \(\.jsonl\), CSV \(\.csv\) or a Word document/,
    );
  });
});

describe("which lines may be used", () => {
  const line: Line = { id: "x", topic: "", text: "t", approvedOn: "2025-01-01", status: "current" };
  it("never uses a withdrawn line or one past its expiry date", () => {
    expect(isUsable(line, "2026-01-01")).toBe(true);
    expect(isUsable({ ...line, expiresOn: "2025-12-31" }, "2025-12-31")).toBe(true);
    expect(isUsable({ ...line, expiresOn: "2025-12-31" }, "2026-01-01")).toBe(false);
    expect(whyUnusable({ ...line, expiresOn: "2025-12-31" }, "2026-01-01")).toBe(
      "Line x expired on 2025-12-31.",
    );
    expect(isUsable({ ...line, status: "withdrawn" }, "2025-06-01")).toBe(false);
    expect(whyUnusable({ ...line, status: "withdrawn" }, "2025-06-01")).toBe(
      "Line x has been withdrawn.",
    );
  });
});
