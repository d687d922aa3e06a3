import path from "node:path";
import { fakeModelAccess, startFakeOpenAi, type FakeOpenAi } from "@bernard/llm/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sayingsCsv, startSorter } from "./helpers.js";
import { kindOf, scriptedModel } from "./scripted-model.js";
import { ScriptProcess } from "@bernard/toolkit/testing";

const WORKER = path.join(import.meta.dirname, "fixtures/analysis-worker.ts");

const RESPONSES = 600;
const SAYINGS = [
  "I work late shifts and need the bus home",
  "My daughter gets back from college on it",
  "The buses are empty and the money is wasted",
  "Older people in the villages will be isolated",
  "Taxis cost £20 which I cannot afford",
];

let fake: FakeOpenAi;
let sorter: Awaited<ReturnType<typeof startSorter>>;
beforeAll(async () => {
  fake = await startFakeOpenAi({ reply: scriptedModel, latencyMs: 150 });
  // This process only enqueues and watches; the child workers run the jobs.
  sorter = await startSorter({ models: fakeModelAccess(fake.url), role: "web" });
});
afterAll(async () => {
  await sorter?.server.close();
  await fake?.close();
});

type Body = { messages: { role: string; content: string }[] };

describe("resuming an analysis", () => {
  it("resumes after its worker is killed mid-mapping, without asking the model again for finished steps", async () => {
    const first = ScriptProcess.start(WORKER, [sorter.database.url, fake.url]);
    let second: ScriptProcess | undefined;
    try {
      await first.printed("worker ready");
      const created = await (await sorter.post("/consultations", { title: "Buses" })).json();
      const { questions } = await (
        await sorter.post(`/consultations/${created.id}/questions`, { text: "Why?" })
      ).json();
      const csv = sayingsCsv(RESPONSES, SAYINGS);
      const preview = await (await sorter.upload(created.id, "many.csv", csv)).json();
      const mapping = {
        respondentId: "id",
        questions: [{ questionId: questions[0].id, column: "answer" }],
      };
      const imported = await sorter.finished(
        (await (await sorter.post(`/uploads/${preview.uploadId}/import`, { mapping })).json()).id,
      );
      expect(imported.result.answers).toBe(RESPONSES);

      const started = await (
        await sorter.post(`/questions/${questions[0].id}/analysis`, { engine: "model" })
      ).json();
      // Progress past the first chunk of 250 means its step is saved: the second chunk has begun.
      for (let tries = 0; tries < 300; tries += 1) {
        const job = await sorter.json(`/jobs/${started.id}`);
        if (job.progress?.stage === "Mapping responses" && job.progress.done > 250) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await first.kill();
      const killedAt = Date.now();

      second = ScriptProcess.start(WORKER, [sorter.database.url, fake.url]);
      const job = await sorter.finished(started.id);
      expect(job.state).toBe("completed");
      expect(job.attempt).toBe(2);
      expect(job.result).toMatchObject({ responses: RESPONSES, unprocessed: 0 });

      const afterKill = fake
        .chatRequests()
        .filter((request) => request.at > killedAt)
        .map((request) => request.body as Body);
      expect(afterKill.some((body) => kindOf(body) === "map")).toBe(true);
      // Themes were found before the kill: the second worker did not ask for them again.
      expect(afterKill.filter((body) => kindOf(body) === "generate")).toEqual([]);
      // Responses are mapped in the file's order, the order the list shows them in.
      const ids = await responseIdsInFileOrder(questions[0].id);
      const firstChunk = new Set(ids.slice(0, 250));
      const askedAgain = afterKill
        .filter((body) => kindOf(body) === "map")
        .flatMap(
          (body) =>
            (JSON.parse(body.messages.at(-1)!.content) as { items: { id: string }[] }).items,
        )
        .filter((item) => firstChunk.has(item.id));
      expect(askedAgain).toEqual([]);

      const unmapped = await sorter.json(`/questions/${questions[0].id}/responses?unprocessed=yes`);
      expect(unmapped.total).toBe(0);
      const themes = await sorter.json(`/questions/${questions[0].id}/themes`);
      const links = themes.reduce((sum: number, theme: { count: number }) => sum + theme.count, 0);
      expect(links).toBeGreaterThanOrEqual(RESPONSES);
    } finally {
      await first.kill();
      await second?.stop();
    }
  }, 120_000);
});

async function responseIdsInFileOrder(questionId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ids.length < RESPONSES; page += 1) {
    const { responses } = await sorter.json(`/questions/${questionId}/responses?page=${page}`);
    if (responses.length === 0) break;
    ids.push(...responses.map((response: { id: string }) => response.id));
  }
  return ids;
}
