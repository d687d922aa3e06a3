import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSorter } from "./helpers.js";
import { lateBusCsv } from "./late-bus-answers.js";

let sorter: Awaited<ReturnType<typeof startSorter>>;
beforeAll(async () => {
  sorter = await startSorter();
});
afterAll(() => sorter?.server.close());

const QUESTION = "Why do you use the evening buses?";
type Found = { label: string; count: number }[];

/** The themes the app finds for the answers, in a new consultation. */
async function themesInTheApp(): Promise<Found> {
  const { id: consultationId } = await (
    await sorter.post("/consultations", { title: "Late buses" })
  ).json();
  const { questions } = await (
    await sorter.post(`/consultations/${consultationId}/questions`, { text: QUESTION })
  ).json();
  const questionId: string = questions[0].id;
  const preview = await (await sorter.upload(consultationId, "answers.csv", lateBusCsv())).json();
  const mapping = { respondentId: "id", questions: [{ questionId, column: "answer" }] };
  await sorter.finished(
    (await (await sorter.post(`/uploads/${preview.uploadId}/import`, { mapping })).json()).id,
  );
  const started = await sorter.post(`/questions/${questionId}/analysis`, { engine: "offline" });
  expect((await sorter.finished((await started.json()).id)).state).toBe("completed");
  const themes: Found = await sorter.json(`/questions/${questionId}/themes`);
  return themes.filter(({ count }) => count > 0).map(({ label, count }) => ({ label, count }));
}

it("finds the same themes as the command line for the same file, every time", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "consult-cli-"));
  const file = path.join(dir, "answers.csv");
  await writeFile(file, lateBusCsv());
  const here = path.resolve(import.meta.dirname, "..");
  const cli = spawnSync(
    path.join(here, "node_modules/.bin/tsx"),
    [
      "src/cli/consult.ts",
      "analyse",
      file,
      "--question",
      "answer",
      "--text",
      QUESTION,
      "--id",
      "id",
    ],
    { cwd: here, encoding: "utf8" },
  );
  expect(cli.stderr).toBe("");
  const written: { questions: { themes: Found }[] } = JSON.parse(
    await readFile(path.join(dir, "answers-results.json"), "utf8"),
  );
  const byTheCli = written.questions[0]!.themes.map(({ label, count }) => ({ label, count }));
  expect(byTheCli.length).toBeGreaterThanOrEqual(3);

  // Response IDs are random in the app, so two runs would differ if their order counted.
  expect(await themesInTheApp()).toEqual(byTheCli);
  expect(await themesInTheApp()).toEqual(byTheCli);
});
