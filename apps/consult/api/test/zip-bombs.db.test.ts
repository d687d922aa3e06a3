import { constants, crc32, deflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToolDatabase, type ToolDatabase } from "../src/services/database.js";
import { startSorter } from "./helpers.js";

// Workbooks built here, byte by byte, so their tables of contents can lie about sizes. The bomb
// is a 2 MB .xlsx whose shared strings inflate to 2 GB while every header says 1 KB.

let sorter: Awaited<ReturnType<typeof startSorter>>;
let db: ToolDatabase;
let consultationId: string;
let questionId: string;
beforeAll(async () => {
  sorter = await startSorter();
  db = createToolDatabase(sorter.database);
  ({ consultationId, questionId } = await sorter.consultationWithQuestion("Bombs"));
});
afterAll(async () => {
  await db?.$disconnect();
  await sorter?.server.close();
});

async function send(name: string, content: Buffer) {
  const response = await sorter.upload(consultationId, name, content);
  return { status: response.status, body: await response.json() };
}

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS = "http://schemas.openxmlformats.org/package/2006/relationships";
const DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const SST_START = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}"><si><t>id</t></si><si><t>answer</t></si><si><t>`;
const SST_END = "</t></si></sst>";

/** The other parts of a one-sheet workbook: headings id, answer and one row (1, shared string 2). */
const PARTS: Record<string, string> = {
  "[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
  "_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  "xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${DOC}"><sheets><sheet name="Responses" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  "xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${DOC}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
};
const SHEET = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c><c r="B2" t="s"><v>2</v></c></row></sheetData></worksheet>`;

interface Part {
  name: string;
  deflated: Buffer;
  crc: number;
  /** What the headers claim the part expands to. */
  declaredSize: number;
}

const honest = (name: string, text: string): Part => {
  const bytes = Buffer.from(text);
  return { name, deflated: deflateRawSync(bytes), crc: crc32(bytes), declaredSize: bytes.length };
};

/**
 * Shared strings whose third string is `repeats` MB of "A", deflated without ever holding it:
 * independent pieces (each ends with a full flush, so none refers back) put end to end.
 */
function sharedStrings(repeats: number, declaredSize: number): Part {
  const piece = (text: string | Buffer) =>
    deflateRawSync(text, { finishFlush: constants.Z_FULL_FLUSH });
  const megabyte = piece(Buffer.alloc(1024 * 1024, "A"));
  const deflated = Buffer.concat([
    piece(SST_START),
    ...Array.from({ length: repeats }, () => megabyte),
    deflateRawSync(SST_END),
  ]);
  return { name: "xl/sharedStrings.xml", deflated, crc: 0, declaredSize };
}

/**
 * A zip of the parts, written as Excel does (local headers, central directory, end record); with
 * `deferredSizes`, the sizes follow each part in a data descriptor instead, as streaming writers do.
 */
function zip(parts: Part[], { deferredSizes = false } = {}): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(deferredSizes ? 0x08 : 0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(deferredSizes ? 0 : part.crc, 14);
    local.writeUInt32LE(deferredSizes ? 0 : part.deflated.length, 18);
    local.writeUInt32LE(deferredSizes ? 0 : part.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const descriptor = Buffer.alloc(deferredSizes ? 16 : 0);
    if (deferredSizes) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(part.crc, 4);
      descriptor.writeUInt32LE(part.deflated.length, 8);
      descriptor.writeUInt32LE(part.declaredSize, 12);
    }
    locals.push(local, name, part.deflated, descriptor);

    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(deferredSizes ? 0x08 : 0, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(part.crc, 16);
    entry.writeUInt32LE(part.deflated.length, 20);
    entry.writeUInt32LE(part.declaredSize, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += local.length + name.length + part.deflated.length + descriptor.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function workbook(strings: Part, options: { deferredSizes?: boolean } = {}): Buffer {
  return zip(
    [
      ...Object.entries(PARTS).map(([name, text]) => honest(name, text)),
      strings,
      honest("xl/worksheets/sheet1.xml", SHEET),
    ],
    options,
  );
}

const LIES =
  'The workbook is not genuine: a part of it expands to more than it declares, as a "zip bomb" does, so it was not opened. Save the workbook again from Excel, or export the responses as CSV.';

describe("zip bombs are stopped by counting what actually inflates", () => {
  it("reads an honest hand-made workbook (the test's zip writer is sound)", async () => {
    const text = Buffer.from(SST_START + "Too dear" + SST_END);
    const strings = { ...honest("xl/sharedStrings.xml", text.toString()) };
    for (const deferredSizes of [false, true]) {
      const { status, body } = await send("honest.xlsx", workbook(strings, { deferredSizes }));
      expect(status).toBe(201);
      expect(body.rows).toEqual([{ id: "1", answer: "Too dear" }]);
    }
  });

  it("refuses a 2 MB workbook whose shared strings inflate to 2 GB while its headers say 1 KB", async () => {
    const bomb = workbook(sharedStrings(2048, 1024));
    expect(bomb.length).toBeLessThan(2.5 * 1024 * 1024);
    const { status, body } = await send("bomb.xlsx", bomb);
    expect({ status, message: body.error.message }).toEqual({
      status: 400,
      message: `bomb.xlsx: ${LIES}`,
    });
    // The same lie in data descriptors, as streaming zip writers place sizes.
    const deferred = await send(
      "deferred.xlsx",
      workbook(sharedStrings(2048, 1024), { deferredSizes: true }),
    );
    expect(deferred.body.error.message).toBe(`deferred.xlsx: ${LIES}`);
    // Headers claiming 3.9 GB are believed only as far as the ratio and total limits allow.
    const bold = await send("bold.xlsx", workbook(sharedStrings(2048, 0xfffffff0)));
    expect(bold.body.error.message).toContain(
      "bold.xlsx: The workbook would expand to more than 1 GB",
    );
    expect(
      await db.upload.count({ where: { consultationId, fileName: { endsWith: ".xlsx" } } }),
    ).toBe(2);
  });

  it("refuses a workbook whose local headers disagree with its table of contents", async () => {
    const good = workbook({ ...honest("xl/sharedStrings.xml", SST_START + "x" + SST_END) });
    // Rename one part in its local header only: a front-to-back reader would see another file.
    const forged = Buffer.from(good);
    const at = forged.indexOf("xl/workbook.xml");
    forged.write("xl/workbook.xmX", at);
    const { status, body } = await send("forged.xlsx", forged);
    expect(status).toBe(400);
    expect(body.error.message).toContain("forged.xlsx: The workbook is damaged");
  });

  it("survives three bombs at once, answering meanwhile, with memory bounded", async () => {
    const bomb = workbook(sharedStrings(2048, 1024));
    const before = process.memoryUsage().rss;
    const results = await Promise.all([
      send("one.xlsx", bomb),
      send("two.xlsx", bomb),
      send("three.xlsx", bomb),
      sorter.call("/consultations").then((response) => ({ status: response.status, body: null })),
    ]);
    expect(results.map((result) => result.status)).toEqual([400, 400, 400, 200]);
    // A generous sanity bound: each bomb would be 2 GB if it were inflated.
    expect(process.memoryUsage().rss - before).toBeLessThan(512 * 1024 * 1024);
    expect((await sorter.call("/consultations")).status).toBe(200);
  });

  it("a stored bomb is refused when it is read again, before any import starts", async () => {
    const bomb = workbook(sharedStrings(2048, 1024));
    const upload = await db.upload.create({
      data: {
        consultationId,
        fileName: "stored.xlsx",
        format: "xlsx",
        size: bomb.length,
        content: new Uint8Array(bomb),
        uploadedById: "user-analyst",
      },
    });
    // The preview before an import reads the workbook too, so it refuses it first.
    const mapping = { respondentId: "id", questions: [{ questionId, column: "answer" }] };
    const refused = await sorter.post(`/uploads/${upload.id}/import`, { mapping });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.message).toBe(`stored.xlsx: ${LIES}`);
  });
});
