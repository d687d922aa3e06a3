import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToolDatabase, type ToolDatabase } from "../src/services/database.js";
import { startSorter } from "./helpers.js";

let sorter: Awaited<ReturnType<typeof startSorter>>;
let db: ToolDatabase;
let consultationId: string;
beforeAll(async () => {
  sorter = await startSorter();
  db = createToolDatabase(sorter.database);
  consultationId = (await (await sorter.post("/consultations", { title: "Bad files" })).json()).id;
});
afterAll(async () => {
  await db?.$disconnect();
  await sorter?.server.close();
});

const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6360000000020001e221bc330000000049454e44ae426082",
  "hex",
);

async function refusal(name: string, content: Buffer | string) {
  const form = new FormData();
  form.set("file", new Blob([content as BlobPart]), name);
  const response = await sorter.call(`/consultations/${consultationId}/uploads`, {
    method: "POST",
    body: form,
  });
  return { status: response.status, message: (await response.json()).error?.message as string };
}

describe("bad files are refused with a specific message, and nothing is kept", () => {
  it("refuses empty files, other types, renamed binaries, fake workbooks and zip bombs", async () => {
    expect(await refusal("responses.csv", "")).toEqual({
      status: 400,
      message:
        "responses.csv is empty: it has nothing in it, not even column headings. Export the responses again, then upload the new file.",
    });
    // Headings with nothing under them: no responses, and what the file should look like.
    expect(await refusal("headings.csv", "id,answer\n")).toEqual({
      status: 400,
      message:
        "headings.csv has no responses in it. The first row should be the column headings, with one response on each row below them.",
    });
    expect(await refusal("responses.pdf", "%PDF-1.7")).toMatchObject({
      status: 400,
      message: "The file must be a CSV, an Excel workbook (.xlsx) or JSON Lines (.jsonl).",
    });
    expect((await refusal("photo.csv", PNG)).message).toBe(
      "photo.csv is not a text file: it looks like a picture, a PDF or a Word document renamed. Export the responses as CSV and upload that.",
    );
    expect((await refusal("responses.xlsx", "id,answer\n1,yes\n")).message).toContain(
      "responses.xlsx is not an Excel workbook, though its name ends in .xlsx",
    );

    const notAWorkbook = new JSZip();
    notAWorkbook.file("notes.txt", "hello");
    const fakeWorkbook = await refusal(
      "notes.xlsx",
      await notAWorkbook.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }),
    );
    expect(fakeWorkbook).toEqual({
      status: 400,
      message:
        "notes.xlsx: It has no worksheets, so it is not an Excel workbook. Open it in Excel and save it as a workbook (.xlsx), or export the responses as CSV, and upload that.",
    });

    // 60 MB of one repeated byte packs into a few kilobytes: a zip bomb dressed as a workbook.
    const bomb = new JSZip();
    bomb.file("[Content_Types].xml", "<Types/>");
    bomb.file("xl/worksheets/sheet1.xml", Buffer.alloc(60 * 1024 * 1024, 0x20));
    const packed = await bomb.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
    expect(packed.length).toBeLessThan(1024 * 1024);
    expect((await refusal("responses.xlsx", packed)).message).toBe(
      "responses.xlsx: The workbook would expand to more than 1 GB when opened, far more than a workbook of responses needs, so it was not opened. Export the responses as CSV, or split the workbook.",
    );

    expect(await db.upload.count({ where: { consultationId } })).toBe(0);
  });

  it("refuses a 200 MB file with the limit and what to do", async () => {
    const huge = Buffer.alloc(200 * 1024 * 1024, "a");
    const result = await refusal("huge.csv", huge);
    expect(result).toEqual({
      status: 413,
      message: "The file is larger than 100 MB. Split it and upload the parts.",
    });
    expect(await db.upload.count({ where: { consultationId } })).toBe(0);
    expect(await db.respondent.count({ where: { consultationId } })).toBe(0);
  });

  it("takes uploads larger than a JSON body may be, and refuses such JSON bodies", async () => {
    const rows = Array.from(
      { length: 500_000 },
      (_, index) => `${index + 1},answer number ${index + 1}`,
    );
    const csv = `id,answer\n${rows.join("\n")}\n`;
    expect(csv.length).toBeGreaterThan(11 * 1024 * 1024);
    const uploaded = await sorter.upload(consultationId, "large.csv", csv);
    expect(uploaded.status).toBe(201);
    const json = await sorter.post("/consultations", { title: "x".repeat(11 * 1024 * 1024) });
    expect(json.status).toBe(413);
  });
});
