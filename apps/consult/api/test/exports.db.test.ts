import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createToolDatabase } from "../src/services/database.js";
import { themeList } from "../src/services/exports.js";
import { startSorter } from "./helpers.js";

let sorter: Awaited<ReturnType<typeof startSorter>>;
beforeAll(async () => {
  sorter = await startSorter();
});
afterAll(() => sorter?.server.close());

it("exports the results as a workbook, CSV and a Word report, formula-safe, and records who downloaded them", async () => {
  const { consultationId } = await sorter.analysedSample();
  // A second question whose one answer is a spreadsheet formula.
  const { questions } = await (
    await sorter.post(`/consultations/${consultationId}/questions`, { text: "Anything else?" })
  ).json();
  const preview = await (
    await sorter.upload(
      consultationId,
      "more.csv",
      'ID,Other\nANON-1001,"=HYPERLINK(""http://evil.example"",""Click"")"\n',
    )
  ).json();
  await sorter.finished(
    (
      await (
        await sorter.post(`/uploads/${preview.uploadId}/import`, {
          mapping: {
            respondentId: "ID",
            questions: [{ questionId: questions[1].id, column: "Other" }],
          },
        })
      ).json()
    ).id,
  );
  await sorter.finished(
    (await (await sorter.post(`/questions/${questions[1].id}/analysis`, {})).json()).id,
  );

  // A label holding the separator and quotes still reads back as one theme; question 1 is signed off.
  const [renamed] = await sorter.json(`/questions/${questions[0].id}/themes`);
  const awkward = 'Fares; "cheap" tickets';
  await sorter.call(`/themes/${renamed.id}`, {
    method: "PATCH",
    body: JSON.stringify({ label: awkward }),
  });
  const signOff = await sorter.post(`/questions/${questions[0].id}/sign-off`, {});
  expect((await sorter.finished((await signOff.json()).id)).state).toBe("completed");

  const xlsx = await sorter.call(`/consultations/${consultationId}/export.xlsx`);
  expect(xlsx.status).toBe(200);
  expect(xlsx.headers.get("content-disposition")).toBe('attachment; filename="Evening-buses.xlsx"');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await xlsx.arrayBuffer());
  expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
    "Themes",
    "Q1 responses",
    "Q1 matrix",
    "Q2 responses",
    "Q2 matrix",
  ]);
  const q1 = workbook.getWorksheet("Q1 responses")!;
  expect(q1.rowCount).toBe(11);
  expect(q1.getRow(1).values).toEqual([
    undefined,
    "Respondent",
    "Response",
    "Closed answer",
    "Themes",
    "Stance",
    "Evidence-rich",
    "Flagged",
    "Reviewed",
  ]);
  const matrix = workbook.getWorksheet("Q1 matrix")!;
  for (let row = 2; row <= matrix.rowCount; row += 1) {
    const cells = (matrix.getRow(row).values as unknown[]).slice(2);
    expect(cells.reduce((sum: number, cell) => sum + Number(cell), 0)).toBeGreaterThanOrEqual(1);
  }
  const formula = workbook.getWorksheet("Q2 responses")!.getRow(2).getCell(2);
  expect(formula.type).toBe(ExcelJS.ValueType.String);
  expect(formula.text).toMatch(/^'=HYPERLINK/);

  const csv = await (await sorter.call(`/consultations/${consultationId}/export.csv`)).text();
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toBe("question,respondent,response,closed answer,themes,stance,evidence-rich");
  expect(lines).toHaveLength(1 + 10 + 1);
  expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
  // Each response's themes: "; " between them, a label with ";" or '"' in double quotes.
  const responses = (await sorter.json(`/questions/${questions[0].id}/responses`)).responses as {
    respondent: string;
    themes: { label: string }[];
  }[];
  const inAwkward = responses.find((response) =>
    response.themes.some((theme) => theme.label === awkward),
  )!;
  const cellOf = (respondent: string) => lines.find((line) => line.startsWith(`1,${respondent},`))!;
  expect(cellOf(inAwkward.respondent)).toContain('"""Fares; """"cheap"""" tickets"""');
  expect(
    themeList(
      ["b", "a"],
      [
        { id: "a", label: 'Fares; "cheap" tickets' },
        { id: "b", label: "Late buses" },
      ],
    ),
  ).toBe('"Fares; ""cheap"" tickets"; Late buses');
  const docx = await sorter.call(`/consultations/${consultationId}/export.docx`);
  expect(docx.headers.get("content-type")).toBe(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  );
  const document = await (
    await JSZip.loadAsync(await docx.arrayBuffer())
  )
    .file("word/document.xml")!
    .async("string");
  const text = document.replace(/<[^>]+>/g, "");
  expect(text).toContain("Evening buses");
  expect(text).toContain("Question 1");
  expect(text).toContain("No reason given");
  // The method, and who signed each question's themes off and when.
  expect(text).toContain("Method");
  expect(text).toContain("found by the offline engine, without an AI model");
  expect(text).toMatch(/Signed off by Ana Lyst on \d{1,2} \w+ \d{4}/);
  expect(text).toContain("Not signed off: the themes may still change.");
  expect(text).toContain("reviewed by a person");
  // A theme's quote appears verbatim.
  const themes = await sorter.json(`/questions/${questions[0].id}/themes`);
  const quote = themes.find(
    (theme: { representatives: unknown[] }) => theme.representatives.length > 0,
  ).representatives[0].text;
  expect(text).toContain(`“${quote.replaceAll("'", "&apos;").replaceAll('"', "&quot;")}”`);

  expect((await sorter.call(`/consultations/${consultationId}/export.pdf`)).status).toBe(400);

  const db = createToolDatabase(sorter.database);
  const records = await db.exportRecord.findMany({
    where: { consultationId },
    orderBy: { id: "asc" },
  });
  await db.$disconnect();
  expect(records.map((record) => [record.format, record.actorName])).toEqual([
    ["xlsx", "Ana Lyst"],
    ["csv", "Ana Lyst"],
    ["docx", "Ana Lyst"],
  ]);
  const listed = await sorter.json(`/consultations/${consultationId}/exports`);
  expect(listed.map((record: { format: string }) => record.format)).toEqual([
    "docx",
    "csv",
    "xlsx",
  ]);
  expect(listed[0]).toMatchObject({ actorName: "Ana Lyst", at: expect.any(String) });
});
