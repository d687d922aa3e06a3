import { transcribeAudio, type Transcriber } from "@bernard/llm";
import { startFakeOpenAi, type FakeOpenAi } from "@bernard/llm/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { secretary, startMinutes } from "./helpers.js";

let fake: FakeOpenAi;
let minutes: Awaited<ReturnType<typeof startMinutes>>;
let noModel: Awaited<ReturnType<typeof startMinutes>>;
/** What the portal's gateway would give: the provider reached as the person, here the fake. */
const viaFake = (): Transcriber => ({
  transcribe: (userToken, audio, options) =>
    transcribeAudio(
      { kind: "openai-compatible", baseUrl: fake.url, apiKey: userToken },
      audio,
      options,
    ),
});
beforeAll(async () => {
  fake = await startFakeOpenAi({
    transcribe: () =>
      "Priya Shah: Good morning. We agreed that the depot orders four chargers.\nTom Reed: I will send the plan by Friday.",
  });
  minutes = await startMinutes({ transcriber: viaFake() });
  // A gateway with no model behind it answers 503 MODEL_NOT_CONFIGURED.
  noModel = await startMinutes();
});
afterAll(async () => {
  await minutes?.server.close();
  await noModel?.server.close();
  await fake?.close();
});

const RECORDING = new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 1, 2, 3, 4, 5, 6]);
const meeting = {
  title: "Depot review",
  date: "2026-03-04",
  chair: "Priya Shah",
  template: "formal",
};

it("transcribes an uploaded recording through the model as the person uploading it, then drafts from it", async () => {
  const created = await (await minutes.as(secretary).post("/meetings", meeting)).json();
  const answer = await minutes.upload(secretary, created.id, "meeting.mp3", RECORDING);
  expect(answer.status).toBe(201);
  const uploaded = await answer.json();
  expect(uploaded.transcript).toMatchObject({ fileName: "meeting.mp3", format: "audio", turns: 2 });
  expect(uploaded.transcript.speakers).toEqual(["Priya Shah", "Tom Reed"]);
  const call = fake.requests.at(-1)!;
  expect(call.path).toBe("/v1/audio/transcriptions");
  // The person's own token went to the gateway (here the fake): the tool holds no key.
  expect(String(call.headers.authorization)).toMatch(/^Bearer ey/);
  const job = await (await minutes.as(secretary).post(`/meetings/${created.id}/draft`, {})).json();
  expect((await minutes.as(secretary).finished(job.id)).state).toBe("completed");
  const version = await minutes.as(secretary).json(`/meetings/${created.id}/minutes`);
  expect(version.minutes.decisions[0].turns).toEqual([0]);
});

it("refuses a recording with a clear message when no model is set up; transcripts still work", async () => {
  const created = await (await noModel.as(secretary).post("/meetings", meeting)).json();
  const refused = await noModel.upload(secretary, created.id, "meeting.m4a", RECORDING);
  expect(refused.status).toBe(400);
  expect((await refused.json()).error.message).toMatch(
    /^meeting\.m4a is audio or video\. Transcribing a recording needs an AI model, and none is set up/,
  );
  const text = await noModel.upload(
    secretary,
    created.id,
    "notes.txt",
    "Priya Shah: Good morning.\nTom Reed: I will send the plan by Friday.",
  );
  expect(text.status).toBe(201);
});
