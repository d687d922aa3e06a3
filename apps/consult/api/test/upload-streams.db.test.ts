import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToolDatabase, type ToolDatabase } from "../src/services/database.js";
import { startSorter } from "./helpers.js";

// Files that go bad part-way: each must be refused with the row at fault, and the server (this
// very process) must go on answering. Before, the first one raised an unhandled `error` event.

let sorter: Awaited<ReturnType<typeof startSorter>>;
let db: ToolDatabase;
let consultationId: string;
let questionId: string;
beforeAll(async () => {
  sorter = await startSorter();
  db = createToolDatabase(sorter.database);
  ({ consultationId, questionId } = await sorter.consultationWithQuestion("Broken files"));
});
afterAll(async () => {
  await db?.$disconnect();
  await sorter?.server.close();
});

async function send(name: string, content: Buffer) {
  const response = await sorter.upload(consultationId, name, content);
  return { status: response.status, body: await response.json() };
}

/** `rows` numbered rows of plain ASCII after the headings; row n is spreadsheet row n + 1. */
function csvRows(rows: number, heading = "id,answer\n"): Buffer {
  const lines = Array.from({ length: rows }, (_, index) => `${index + 1},answer ${index + 1}\n`);
  return Buffer.from(heading + lines.join(""));
}

const bytesBefore = (text: Buffer, row: number) => {
  // The offset where spreadsheet row `row` begins (row 1 is the headings).
  let offset = 0;
  for (let line = 1; line < row; line += 1) offset = text.indexOf(0x0a, offset) + 1;
  return offset;
};

async function stillAnswers() {
  const response = await sorter.call("/consultations");
  expect(response.status).toBe(200);
}

describe("a file that goes bad part-way is refused with the row, and the server keeps running", () => {
  it("CSV: valid UTF-8 for 64 KB, then an invalid byte (the reported crash)", async () => {
    const good = csvRows(6_000); // about 80 KB
    expect(good.length).toBeGreaterThan(64 * 1024);
    const row = 5_500;
    const at = bytesBefore(good, row) + 3;
    expect(at).toBeGreaterThan(64 * 1024);
    const bad = Buffer.concat([good.subarray(0, at), Buffer.from([0xff]), good.subarray(at)]);

    const { status, body } = await send("responses.csv", bad);
    expect(status).toBe(400);
    expect(body.error.message).toBe(
      `responses.csv: Row 5,500 has characters that are not valid UTF-8, though the rows before it are. Check row 5,500 for odd characters, save the file again as "CSV UTF-8" (or JSON Lines in UTF-8) and upload it again.`,
    );
    await stillAnswers();
    expect(await db.upload.count({ where: { consultationId } })).toBe(0);
  });

  it("CSV: other places and spellings of bad UTF-8", async () => {
    const good = csvRows(6_000);
    const cases: { name: string; file: Buffer; row: number }[] = [
      // Right at the 64 KB boundary, where the encoding is decided.
      {
        name: "boundary",
        file: splice(good, 64 * 1024, [0xc3, 0x28]),
        row: rowAt(good, 64 * 1024),
      },
      // A character cut off by the end of the file.
      {
        name: "cut at the end",
        file: Buffer.concat([good, Buffer.from([0xe2, 0x82])]),
        row: 6_002,
      },
      // A byte-order mark says UTF-8, so an early bad byte is an error too.
      {
        name: "BOM then bad byte in row 3",
        file: Buffer.concat([
          Buffer.from([0xef, 0xbb, 0xbf]),
          splice(csvRows(5), bytesBefore(csvRows(5), 3) + 2, [0x80]),
        ]),
        row: 3,
      },
      // An over-long encoding and a surrogate spelled in UTF-8 (both invalid), deep in the file.
      { name: "over-long", file: splice(good, 70_000, [0xc0, 0xaf]), row: rowAt(good, 70_000) },
      {
        name: "surrogate",
        file: splice(good, 75_000, [0xed, 0xa0, 0x80]),
        row: rowAt(good, 75_000),
      },
      // Inside a quoted answer that spans several lines: the row, not the line.
      {
        name: "quoted multi-line answer",
        file: Buffer.concat([
          good,
          Buffer.from('6001,"first line\nsecond line '),
          Buffer.from([0xff]),
          Buffer.from('"\n'),
        ]),
        row: 6_002,
      },
    ];
    for (const { name, file, row } of cases) {
      const { status, body } = await send(`${name}.csv`, file);
      expect({ name, status }).toEqual({ name, status: 400 });
      expect(body.error.message).toContain(`Row ${row.toLocaleString("en-GB")} has characters`);
    }
    await stillAnswers();
  });

  it("JSON Lines: the line is named", async () => {
    const lines = Array.from({ length: 3_000 }, (_, index) =>
      JSON.stringify({ id: String(index + 1), answer: `answer ${index + 1}` }),
    );
    const good = Buffer.from(lines.join("\n") + "\n");
    const at = bytesBefore(good, 2_900) + 10;
    const { status, body } = await send("responses.jsonl", splice(good, at, [0xfe]));
    expect(status).toBe(400);
    expect(body.error.message).toContain("Line 2,900 has characters that are not valid UTF-8");
    await stillAnswers();
  });

  it("CSV: a quote that never closes names its row", async () => {
    const file = Buffer.concat([csvRows(10), Buffer.from('11,"never closed\n12,more\n')]);
    const { status, body } = await send("quotes.csv", file);
    expect(status).toBe(400);
    expect(body.error.message).toContain("Row 12 could not be read as CSV");
    await stillAnswers();
  });

  it("keeps what is not an error: early odd bytes are Windows-1252, odd UTF-16 is read", async () => {
    expect((await send("cp1252.csv", splice(csvRows(100), 20, [0x93]))).status).toBe(201);
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from("id,answer\n1,yes\n", "utf16le"),
      Buffer.from([0x41]), // half a character at the end
    ]);
    expect((await send("utf16.csv", utf16)).status).toBe(201);
  });

  it("an import of a stored file that goes bad part-way fails with the row, and nothing crashes", async () => {
    // Stored as it would have been before uploads were read through (the import reads it all).
    const good = csvRows(6_000);
    const bad = splice(good, bytesBefore(good, 5_800) + 2, [0xff]);
    const upload = await db.upload.create({
      data: {
        consultationId,
        fileName: "old.csv",
        format: "csv",
        size: bad.length,
        content: new Uint8Array(bad),
        uploadedById: "user-analyst",
      },
    });
    const mapping = { respondentId: "id", questions: [{ questionId, column: "answer" }] };
    const started = await sorter.post(`/uploads/${upload.id}/import`, { mapping });
    expect(started.status).toBe(202);
    const jobId = (await started.json()).id;
    let job: { state: string; error: string | null } | undefined;
    for (let tries = 0; tries < 300; tries += 1) {
      job = await sorter.json(`/jobs/${jobId}`);
      if (job!.error) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(["retrying", "failed"]).toContain(job!.state);
    expect(job!.error).toContain("Row 5,800 has characters that are not valid UTF-8");
    await stillAnswers();
  });
});

function splice(file: Buffer, at: number, bytes: number[]): Buffer {
  return Buffer.concat([file.subarray(0, at), Buffer.from(bytes), file.subarray(at)]);
}

/** The spreadsheet row that byte `offset` falls in. */
function rowAt(file: Buffer, offset: number): number {
  let row = 1;
  for (let index = 0; index < offset; index += 1) if (file[index] === 0x0a) row += 1;
  return row;
}
