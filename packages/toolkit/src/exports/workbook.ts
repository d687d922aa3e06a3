import ExcelJS from "exceljs";
import { safeCell, type Cell } from "./cells.js";

/** One sheet of a workbook: its first row is the headings (bold, kept in view when scrolling). */
export interface Sheet {
  name: string;
  rows: readonly (readonly Cell[])[];
}

/** The sheets as an Excel workbook (.xlsx); no text cell can start a formula. */
export async function workbookFrom(sheets: readonly Sheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Bernard";
  for (const { name, rows } of sheets) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) {
      sheet.addRow(row.map((cell) => (typeof cell === "string" ? safeCell(cell) : cell)));
    }
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: "frozen", ySplit: 1 }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
