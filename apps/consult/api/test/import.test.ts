import { writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readRows } from "@bernard/toolkit/uploads";
import {
  importRespondents,
  MAX_ANSWER_CHARACTERS,
  previewFile,
  type ImportProblem,
} from "../src/import/responses.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "consult-import-"));
});

async function file(name: string, content: string | Buffer): Promise<string> {
  const target = path.join(dir, name);
  await writeFile(target, content);
  return target;
}

describe("previewing files in other encodings", () => {
  it("reads UTF-16 (little-endian, with its byte-order mark)", async () => {
    const content = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from("ID,Answer\nr1,Café à la carte\n", "utf16le"),
    ]);
    const preview = await previewFile(await file("utf16.csv", content), "csv", { wholeFile: true });
    expect(preview).toEqual({
      columns: ["ID", "Answer"],
      rows: [{ ID: "r1", Answer: "Café à la carte" }],
      encoding: "utf-16le",
    });
  });

  it("reads Windows-1252, as Excel on Windows saves CSV", async () => {
    // “quoted” and £ as single bytes, which are not valid UTF-8.
    const content = Buffer.concat([
      Buffer.from("ID,Answer\nr1,"),
      Buffer.from([0x93]),
      Buffer.from("Too dear"),
      Buffer.from([0x94]),
      Buffer.from(" at "),
      Buffer.from([0xa3]),
      Buffer.from("5\n"),
    ]);
    const preview = await previewFile(await file("cp1252.csv", content), "csv", {
      wholeFile: true,
    });
    expect(preview.encoding).toBe("windows-1252");
    expect(preview.rows[0]!.Answer).toBe("\u201CToo dear\u201D at £5");
  });
});

describe("importing respondents", () => {
  it("imports by the column mapping and reports every problem with its row number", async () => {
    const jsonl = [
      '{"id": "a", "q1": "Buses are late", "agree": "Agree", "region": "North"}',
      '{"id": "b", "q1": "", "agree": "", "region": "South"}',
      "not json at all",
      '{"id": "a", "q1": "Again", "agree": "Disagree", "region": "East"}',
      '{"id": "", "q1": "No ID here", "agree": "Agree", "region": "West"}',
      `{"id": "c", "q1": "${"x".repeat(MAX_ANSWER_CHARACTERS + 5)}", "agree": "", "region": "North"}`,
    ].join("\n");
    const problems: ImportProblem[] = [];
    const imported = [];
    for await (const respondent of importRespondents(
      readRows(await file("responses.jsonl", jsonl), "jsonl"),
      {
        respondentId: "id",
        questions: [{ questionId: "q1", column: "q1", closedColumn: "agree" }],
        demographics: ["region"],
      },
      (problem) => problems.push(problem),
    )) {
      imported.push(respondent);
    }
    expect(imported.map((respondent) => respondent.respondentId)).toEqual(["a", "b", "row-5", "c"]);
    expect(imported[0]).toEqual({
      respondentId: "a",
      rowNumber: 1,
      answers: [{ questionId: "q1", text: "Buses are late", closed: "Agree" }],
      demographics: { region: "North" },
    });
    expect(imported[3]!.answers[0]!.text).toHaveLength(MAX_ANSWER_CHARACTERS);
    expect(problems.map((problem) => [problem.rowNumber, problem.kind])).toEqual([
      [2, "no-answers"],
      [3, "unreadable-row"],
      [4, "duplicate-respondent"],
      [5, "missing-respondent-id"],
      [6, "too-long"],
    ]);
    expect(problems[2]!.message).toBe(
      "Row 4 repeats respondent a from row 1; only row 1 was imported.",
    );
  });
});
