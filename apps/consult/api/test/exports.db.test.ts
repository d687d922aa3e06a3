import ExcelJS from "exceljs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createToolDatabase } from "../src/services/database.js";
import { startSorter } from "./helpers.js";

let sorter: Awaited<ReturnType<typeof startSorter>>;
beforeAll(async () => {
  sorter = await startSorter();
});
afterAll(() => sorter?.server.close());

it("exports the results as a workbook and as CSV, formula-safe, and records who downloaded them", async () => {
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
  ]);
});
