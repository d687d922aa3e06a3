import { writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { readRows, type SourceFormat } from "../src/uploads/read-rows.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "toolkit-read-rows-"));
});

async function file(name: string, content: string | Buffer): Promise<string> {
  const target = path.join(dir, name);
  await writeFile(target, content);
  return target;
}

async function rowsOf(target: string, format: SourceFormat) {
  const rows = [];
  for await (const row of readRows(target, format)) rows.push(row);
  return rows;
}

describe("reading uploaded files", () => {
  it("reads UTF-8 CSV with a byte-order mark, quoted commas and answers over several lines", async () => {
    const csv =
      '\uFEFFID,Answer,Region\r\nr1,"Yes, because the bus is late",North\r\nr2,"Two lines:\nfirst\nsecond",South\r\nr3,Café owner here,East\r\n';
    const rows = await rowsOf(await file("utf8.csv", csv), "csv");
    expect(rows.map((row) => row.rowNumber)).toEqual([2, 3, 4]);
    expect(rows[0]!.values).toEqual({
      ID: "r1",
      Answer: "Yes, because the bus is late",
      Region: "North",
    });
    expect(rows[1]!.values!.Answer).toBe("Two lines:\nfirst\nsecond");
    expect(rows[2]!.values!.Answer).toBe("Café owner here");
  });

  it("reads the first sheet of an XLSX workbook", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Responses");
    sheet.addRow(["Respondent", "Q1", "Q1 agree?"]);
    sheet.addRow(["a-1", "More buses please", "Agree"]);
    sheet.addRow([]);
    sheet.addRow([42, { richText: [{ text: "Rich " }, { text: "text" }] }, "Disagree"]);
    const target = path.join(dir, "responses.xlsx");
    await workbook.xlsx.writeFile(target);
    const rows = await rowsOf(target, "xlsx");
    expect(rows).toEqual([
      {
        rowNumber: 2,
        values: { Respondent: "a-1", Q1: "More buses please", "Q1 agree?": "Agree" },
      },
      { rowNumber: 4, values: { Respondent: "42", Q1: "Rich text", "Q1 agree?": "Disagree" } },
    ]);
  });

  it("streams 100,000 rows without holding them all in memory", async () => {
    const lines = ["ID,Answer"];
    for (let index = 1; index <= 100_000; index += 1)
      lines.push(`r${index},"Answer number ${index}, with some words about buses"`);
    const target = await file("big.csv", lines.join("\n"));
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let count = 0;
    let peak = before;
    for await (const row of readRows(target, "csv")) {
      count += 1;
      if (count % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      expect(row.values!.ID).toBe(`r${count}`);
    }
    expect(count).toBe(100_000);
    // All 100,000 rows as objects would take well over 50 MB of heap.
    expect(peak - before).toBeLessThan(50 * 1024 * 1024);
  });
});
