import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../src/errors.js";
import {
  contentDisposition,
  csvFrom,
  documentFrom,
  safeCell,
  sendDownload,
  workbookFrom,
} from "../src/exports/index.js";
import { defineTool } from "../src/manifest.js";
import type { ExportEntry, PortalAudit } from "../src/portal-audit.js";
import { createToolServer, type ToolServer } from "../src/server/create-tool-server.js";
import { admitAsAdmin, json, listen } from "./helpers.js";

const FORMULA = '=HYPERLINK("http://evil.example","Click")';

describe("formula-safe cells", () => {
  it("keeps text a spreadsheet would run as a formula as text, and leaves the rest alone", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"])
      expect(safeCell(`${start}1`)).toBe(`'${start}1`);
    expect(safeCell("Keep the 10pm bus")).toBe("Keep the 10pm bus");
  });

  it("writes CSV with CRLF line ends, quoting only fields that need it", () => {
    const rows = [
      ["id", "answer"],
      [1, FORMULA],
      [2, "Yes, late\nbuses"],
    ];
    expect(csvFrom(rows)).toBe(
      `id,answer\r\n1,"'=HYPERLINK(""http://evil.example"",""Click"")"\r\n2,"Yes, late\nbuses"\r\n`,
    );
  });
});

describe("files", () => {
  it("makes a workbook whose sheets keep a formula as text and numbers as numbers", async () => {
    const file = await workbookFrom([
      {
        name: "Answers",
        rows: [
          ["Answer", "Count"],
          [FORMULA, 3],
        ],
      },
      { name: "Empty", rows: [["Nothing"]] },
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(file).buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Answers", "Empty"]);
    const sheet = workbook.getWorksheet("Answers")!;
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getCell("A2").type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell("A2").text).toBe(`'${FORMULA}`);
    expect(sheet.getCell("B2").value).toBe(3);
  });

  it("makes a Word document with its title, headings, paragraphs, quotes and tables", async () => {
    const file = await documentFrom("Evening buses", [
      { heading: "Question 1", level: 1 },
      { paragraph: "Why?" },
      { headings: ["Theme", "Responses"], rows: [["Cost", "12"]], alignRight: [1] },
      { quote: "Keep the late bus" },
    ]);
    const xml = await (await JSZip.loadAsync(file)).file("word/document.xml")!.async("string");
    const text = xml.replace(/<[^>]+>/g, "");
    expect(text).toBe("Evening busesQuestion 1Why?ThemeResponsesCost12“Keep the late bus”");
    expect(xml).toContain('<w:jc w:val="right"/>');
    expect(xml).toContain("<w:tblHeader/>");
  });

  it("marks footnotes after a paragraph and after a table row's chosen cell, numbered in order", async () => {
    const file = await documentFrom("Minutes", [
      { paragraph: "The depot was full.", footnote: "Transcript: turn 2." },
      {
        headings: ["#", "Action"],
        rows: [
          ["1", "Send the plan"],
          ["2", "Check the costs"],
        ],
        footnotes: [undefined, "Transcript: turn 5."],
        footnoteColumn: 1,
      },
    ]);
    const zip = await JSZip.loadAsync(file);
    const notes = (await zip.file("word/footnotes.xml")!.async("string")).replace(/<[^>]+>/g, " ");
    expect(notes).toMatch(/Transcript: turn 2\..*Transcript: turn 5\./);
    const xml = await zip.file("word/document.xml")!.async("string");
    expect(xml.match(/<w:footnoteReference w:id="\d+"\/>/g)).toEqual([
      '<w:footnoteReference w:id="1"/>',
      '<w:footnoteReference w:id="2"/>',
    ]);
    // The second mark follows "Check the costs", not the row's number.
    expect(xml.replace(/<(?!w:footnoteReference)[^>]+>/g, "")).toContain(
      'Check the costs<w:footnoteReference w:id="2"/>',
    );
  });
});

describe("download headers", () => {
  it("names an ASCII file plainly", () => {
    expect(contentDisposition("Evening-buses.xlsx")).toBe(
      'attachment; filename="Evening-buses.xlsx"',
    );
  });

  it("gives any other name an ASCII stand-in and the real name in UTF-8", () => {
    expect(contentDisposition("Café «été» (2026).csv")).toBe(
      `attachment; filename="Cafe ete (2026).csv"; filename*=UTF-8''Caf%C3%A9%20%C2%AB%C3%A9t%C3%A9%C2%BB%20%282026%29.csv`,
    );
  });

  it("never lets a name carry a folder, a quote or a line break into the header", () => {
    const header = contentDisposition('../"evil"\r\nSet-Cookie: a=b.csv');
    expect(header).not.toMatch(/[\r\n/\\]/);
    expect(header.startsWith('attachment; filename="..evilSet-Cookie ab.csv"; filename*=')).toBe(
      true,
    );
    expect(contentDisposition("日本.csv")).toMatch(/^attachment; filename=".csv"; filename\*=/);
    expect(contentDisposition("\u0007")).toBe('attachment; filename="download"');
  });
});

describe("sending a download", () => {
  const manifest = defineTool({
    id: "downloads",
    name: "Download test",
    description: "A tool that only exists in tests",
    version: "1.0.0",
    basePath: "/tools/downloads/",
  });
  const recorded: ExportEntry[] = [];
  let portalUp = true;
  const audit: PortalAudit = {
    async recordExport(_token, entry) {
      if (!portalUp) throw new AppError(503, "AUDIT_UNAVAILABLE", "Not recorded, so not made.");
      recorded.push(entry);
    },
  };
  let server: ToolServer;
  let origin: string;
  beforeAll(async () => {
    server = await createToolServer({ manifest, logger: false, authenticate: admitAsAdmin });
    server.get("/report.csv", (request, reply) =>
      sendDownload(request, reply, audit, {
        body: csvFrom([["answer"], ["yes"]]),
        format: "csv",
        fileName: "Réponses.csv",
        what: "the answers (csv)",
        alsoRecord: async () => {
          recorded.push({ what: "the tool's own record", file: "" });
        },
      }),
    );
    origin = await listen(server);
  });
  afterAll(() => server.close());

  it("records the download in the portal's audit log, then sends it with its headers", async () => {
    const response = await fetch(`${origin}/report.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="Reponses.csv"; filename*=UTF-8''R%C3%A9ponses.csv`,
    );
    expect(await response.text()).toBe("answer\r\nyes\r\n");
    expect(recorded).toEqual([
      { what: "the answers (csv)", file: "Réponses.csv" },
      { what: "the tool's own record", file: "" },
    ]);
  });

  it("sends nothing when the audit log cannot record it", async () => {
    portalUp = false;
    const response = await fetch(`${origin}/report.csv`);
    expect(response.status).toBe(503);
    expect(response.headers.get("content-disposition")).toBeNull();
    expect((await json(response)).error.message).toBe("Not recorded, so not made.");
    expect(recorded).toHaveLength(2);
  });
});
