/** CSV with a header row, safe to open in a spreadsheet: no cell can start a formula. */
export function toCsv(header: string[], rows: string[][]): string {
  const lines = rows.map((row) => row.map(csvCell).join(","));
  return [header.join(","), ...lines].join("\r\n") + "\r\n";
}

/** Quotes a cell, and defuses text a spreadsheet would run as a formula. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}
