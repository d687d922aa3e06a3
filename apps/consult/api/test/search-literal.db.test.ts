import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSorter } from "./helpers.js";

let sorter: Awaited<ReturnType<typeof startSorter>>;
let questionId: string;
beforeAll(async () => {
  sorter = await startSorter();
  const created = await (await sorter.post("/consultations", { title: "Search" })).json();
  questionId = (
    await (await sorter.post(`/consultations/${created.id}/questions`, { text: "Why?" })).json()
  ).questions[0].id;
  const answers = ["Fares up 50% is too much", "500 people signed", "the a_b road", "the axb road"];
  const answersCsv = answers.map((answer, index) => `${index + 1},"${answer}"`);
  answersCsv.push('5,"a back\\slash"', '6,"a backxslash"');
  const preview = await (
    await sorter.upload(created.id, "answers.csv", `id,answer\n${answersCsv.join("\n")}\n`)
  ).json();
  const mapping = { respondentId: "id", questions: [{ questionId, column: "answer" }] };
  const job = await sorter.finished(
    (await (await sorter.post(`/uploads/${preview.uploadId}/import`, { mapping })).json()).id,
  );
  expect(job.result.answers).toBe(6);
});
afterAll(async () => {
  await sorter?.server.close();
});

const found = async (search: string) =>
  (
    await sorter.json(`/questions/${questionId}/responses?q=${encodeURIComponent(search)}`)
  ).responses.map((response: { text: string }) => response.text);

describe("the keyword filter matches what was typed, literally", () => {
  it("treats %, _ and \\ as themselves", async () => {
    expect(await found("50%")).toEqual(["Fares up 50% is too much"]);
    expect(await found("a_b")).toEqual(["the a_b road"]);
    expect(await found("A_B")).toEqual(["the a_b road"]);
    expect(await found("back\\slash")).toEqual(["a back\\slash"]);
    expect(await found("%")).toEqual(["Fares up 50% is too much"]);
    expect(await found("_")).toEqual(["the a_b road"]);
  });
});
