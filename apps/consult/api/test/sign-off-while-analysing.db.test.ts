import path from "node:path";
import { ScriptProcess } from "@bernard/toolkit/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sayingsCsv, startSorter } from "./helpers.js";

const WORKER = path.join(import.meta.dirname, "fixtures/analysis-worker.ts");

// This process only serves requests; a separate worker runs the jobs when the test lets it, so an
// analysis can be held unfinished for as long as the test needs.
let sorter: Awaited<ReturnType<typeof startSorter>>;
beforeAll(async () => {
  sorter = await startSorter({ role: "web" });
});
afterAll(() => sorter?.server.close());

it("refuses to sign off while the question's analysis is unfinished, and leaves it open", async () => {
  const worker = ScriptProcess.start(WORKER, [sorter.database.url, "http://127.0.0.1:9"]);
  let again: ScriptProcess | undefined;
  try {
    await worker.printed("worker ready");
    const { consultationId, questionId } = await sorter.consultationWithQuestion("Buses");
    const csv = sayingsCsv(40, ["Keep the late bus", "Run it every hour", "Cut the empty routes"]);
    const preview = await (await sorter.upload(consultationId, "answers.csv", csv)).json();
    const mapping = { respondentId: "id", questions: [{ questionId, column: "answer" }] };
    await sorter.finished(
      (await (await sorter.post(`/uploads/${preview.uploadId}/import`, { mapping })).json()).id,
    );
    await worker.kill();

    // No worker now: the analysis stays queued.
    const analysis = await (await sorter.post(`/questions/${questionId}/analysis`, {})).json();
    const refused = await sorter.post(`/questions/${questionId}/sign-off`, {});
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.message).toBe(
      "The question's themes are still being analysed. Wait for the analysis to finish, or stop it, before you sign off.",
    );
    const question = await sorter.json(`/questions/${questionId}`);
    expect(question.signedOffAt).toBeNull();

    again = ScriptProcess.start(WORKER, [sorter.database.url, "http://127.0.0.1:9"]);
    expect((await sorter.finished(analysis.id)).state).toBe("completed");
    const signedOff = await sorter.post(`/questions/${questionId}/sign-off`, {});
    expect(signedOff.status).toBe(202);
    expect((await sorter.finished((await signedOff.json()).id)).state).toBe("completed");
    expect((await sorter.json(`/questions/${questionId}`)).finalMappedAt).not.toBeNull();
  } finally {
    await worker.stop();
    await again?.stop();
  }
}, 120_000);
