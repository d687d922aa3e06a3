import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSorter } from "./helpers.js";
import { ScriptProcess } from "@bernard/toolkit/testing";

const WORKER = path.join(import.meta.dirname, "fixtures/analysis-worker.ts");

let sorter: Awaited<ReturnType<typeof startSorter>>;
beforeAll(async () => {
  // This process only enqueues and watches; child workers run the jobs, so one can be killed.
  sorter = await startSorter({ role: "web" });
});
afterAll(async () => {
  await sorter?.server.close();
});

async function send(consultationId: string, name: string, content: Buffer | string) {
  const response = await sorter.upload(consultationId, name, content);
  expect(response.status).toBe(201);
  return response.json();
}

describe("rows PostgreSQL cannot store are reported, and the rest imported", () => {
  it("NUL characters and broken surrogates, in IDs, answers, closed answers and demographics", async () => {
    const worker = ScriptProcess.start(WORKER, [sorter.database.url, "http://127.0.0.1:9"]);
    try {
      await worker.printed("worker ready");
      const { consultationId, questionId } =
        await sorter.consultationWithQuestion("Odd characters");
      // JSON spells what a file cannot carry as raw bytes; the heading has a NUL too.
      const lines = [
        { id: "1", answer: "fine", region: "North", "odd\u0000heading": "x" },
        { id: "2", answer: "a NUL \u0000 here", region: "North" },
        { id: "3\u0000", answer: "NUL in the ID", region: "North" },
        { id: "4", answer: "ok", region: "So\u0000uth" },
        { id: "5", answer: "half a pair \ud800 here", region: "East" },
        { id: "6", answer: "ok", region: "\udc00" },
        { id: "7", answer: "a whole pair 😀 is fine", region: "West" },
      ];
      const preview = await send(
        consultationId,
        "odd.jsonl",
        lines.map((line) => JSON.stringify(line)).join("\n"),
      );
      expect(preview.columns).toContain("odd\uFFFDheading");
      const mapping = {
        respondentId: "id",
        questions: [{ questionId, column: "answer" }],
        demographics: ["region", "odd\uFFFDheading"],
      };
      const started = await (
        await sorter.post(`/uploads/${preview.uploadId}/import`, { mapping })
      ).json();
      const job = await sorter.finished(started.id);
      expect(job.state).toBe("completed");
      expect(job.result).toMatchObject({
        rows: 7,
        respondents: 2,
        answers: 2,
        problemCounts: { "unstorable-text": 5 },
      });
      const problems = job.result.problems as { rowNumber: number; message: string }[];
      expect(problems.map((problem) => problem.rowNumber)).toEqual([2, 3, 4, 5, 6]);
      expect(problems[0]!.message).toBe(
        'Row 2: the answer in "answer" contains a NUL character (code 0), which cannot be stored, so the row was not imported. Remove it from the file and import the file again: the rows already in are kept.',
      );
      expect(problems[1]!.message).toContain("Row 3: the respondent ID contains a NUL character");
      expect(problems[2]!.message).toContain('Row 4: "region" contains a NUL character');
      expect(problems[3]!.message).toContain(
        'Row 5: the answer in "answer" contains a broken character (half of a UTF-16 pair)',
      );
      expect(problems[4]!.message).toContain('Row 6: "region" contains a broken character');
      const { responses } = await sorter.json(`/questions/${questionId}/responses`);
      expect(responses.map((response: { text: string }) => response.text)).toEqual([
        "fine",
        "a whole pair 😀 is fine",
      ]);

      // A raw NUL byte in a CSV (past the first 8 KB, which would be refused as not text).
      const rows = Array.from({ length: 1_000 }, (_, index) => `${index + 1},answer ${index + 1}`);
      rows[900] = "901,a raw \u0000 byte";
      const csv = await send(consultationId, "raw.csv", `id,answer\n${rows.join("\n")}\n`);
      const second = await sorter.finished(
        (
          await (
            await sorter.post(`/uploads/${csv.uploadId}/import`, {
              mapping: { ...mapping, demographics: [] },
            })
          ).json()
        ).id,
      );
      expect(second.state).toBe("completed");
      expect(second.result.problems).toEqual([
        expect.objectContaining({ rowNumber: 902, kind: "unstorable-text" }),
      ]);
      // Respondents 1 and 7 came in with the first file and are left as they were.
      expect(second.result).toMatchObject({ respondents: 997, alreadyImported: 2, answers: 997 });
    } finally {
      await worker.kill();
    }
  });
});

describe("an import killed part-way and resumed", () => {
  it("reports the same counts as one that ran straight through", async () => {
    const ROWS = 20_000;
    const { consultationId, questionId } = await sorter.consultationWithQuestion("Resumed import");
    const rows = Array.from({ length: ROWS }, (_, index) => `${index + 1},answer ${index + 1}`);
    const preview = await send(consultationId, "many.csv", `id,answer\n${rows.join("\n")}\n`);
    const mapping = { respondentId: "id", questions: [{ questionId, column: "answer" }] };

    const first = ScriptProcess.start(WORKER, [sorter.database.url, "http://127.0.0.1:9"]);
    let second: ScriptProcess | undefined;
    try {
      await first.printed("worker ready");
      const started = await (
        await sorter.post(`/uploads/${preview.uploadId}/import`, { mapping })
      ).json();
      // Progress past zero means at least one batch (and its step) is saved.
      let doneAtKill = 0;
      for (let tries = 0; tries < 600 && doneAtKill === 0; tries += 1) {
        const job = await sorter.json(`/jobs/${started.id}`);
        if (job.state !== "running" && job.state !== "queued") break;
        if (job.progress?.stage === "Importing responses") doneAtKill = job.progress.done;
        else await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await first.kill();
      expect(doneAtKill).toBeGreaterThan(0);
      expect(doneAtKill).toBeLessThan(ROWS);

      second = ScriptProcess.start(WORKER, [sorter.database.url, "http://127.0.0.1:9"]);
      // The second worker first finds the job stale, then waits out pg-boss's retry delay.
      let job = await sorter.json(`/jobs/${started.id}`);
      for (let tries = 0; tries < 900 && !["completed", "failed"].includes(job.state); tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        job = await sorter.json(`/jobs/${started.id}`);
      }
      expect(job.state).toBe("completed");
      expect(job.attempt).toBe(2);
      expect(job.result).toMatchObject({
        rows: ROWS,
        respondents: ROWS,
        alreadyImported: 0,
        answers: ROWS,
        problemCounts: {},
      });
      expect((await sorter.json(`/questions/${questionId}/responses`)).total).toBe(ROWS);
    } finally {
      await first.kill();
      await second?.stop();
    }
  }, 150_000);
});
