/** Prints rows of figures side by side, so a measurement and its baseline read together. */
export function printTable(title: string, columns: string[], rows: [string, ...string[]][]): void {
  const widths = [
    Math.max(...rows.map((row) => row[0].length), 0),
    ...columns.map((column, i) =>
      Math.max(column.length, ...rows.map((row) => (row[i + 1] ?? "").length)),
    ),
  ];
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[i]!)))
      .join("   ");
  console.log(`\n${title}`);
  console.log(line(["", ...columns]));
  for (const row of rows) console.log(line(row));
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const ratio = (value: number, baseline: number) => `${(value / baseline).toFixed(2)}×`;
