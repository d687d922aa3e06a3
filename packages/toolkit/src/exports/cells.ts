/**
 * Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or return first) is
 * kept as text by a leading apostrophe, so an answer like `=HYPERLINK(…)` cannot run when the
 * file is opened.
 */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export type Cell = string | number;

/**
 * Rows as CSV (RFC 4180: CRLF line ends; a field with a comma, quote or line break quoted, its
 * quotes doubled), each text cell formula-safe.
 */
export function csvFrom(rows: readonly (readonly Cell[])[]): string {
  const field = (value: Cell) => {
    const text = typeof value === "number" ? String(value) : safeCell(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return rows.map((row) => `${row.map(field).join(",")}\r\n`).join("");
}
