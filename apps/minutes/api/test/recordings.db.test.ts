import { LlmRequestError, transcribePiece, type AudioPiece, type Transcriber } from "@bernard/llm";
import { fakeModelAccess, silentWav, startFakeOpenAi, type FakeOpenAi } from "@bernard/llm/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { secretary, startMinutes } from "./helpers.js";

let fake: FakeOpenAi;
let minutes: Awaited<ReturnType<typeof startMinutes>>;
let noModel: Awaited<ReturnType<typeof startMinutes>>;
/** Pieces the next upload's transcription refuses once, as a provider that is briefly down. */
const failOnce = new Set<string>();
/**
 * What the portal's gateway would give: the provider reached with the job's credential, here the
 * fake; requests of at most 100,000 bytes, so a ten-second WAV goes in four pieces.
 */
const viaFake: Transcriber = {
  maxBytes: 100_000,
  transcribe: (credential, piece: AudioPiece, options) => {
    if (failOnce.delete(piece.name))
      return Promise.reject(new LlmRequestError("The provider is unavailable.", 503));
    return transcribePiece(
      { kind: "openai-compatible", baseUrl: fake.url, apiKey: credential },
      piece,
      { ...options, retry: { maxRetries: 0 } },
    );
  },
};
beforeAll(async () => {
  fake = await startFakeOpenAi({
    transcribe: (body) => {
      const part = /filename="part-(\d+)-/.exec(body.toString("latin1"))?.[1];
      if (part) return `Priya Shah: Part ${part} of the meeting. We agreed item ${part}.`;
      return "Priya Shah: Good morning. We agreed that the depot orders four chargers.\nTom Reed: I will send the plan by Friday.";
    },
  });
  minutes = await startMinutes({ transcriber: viaFake, models: fakeModelAccess(fake.url) });
  // No model: the portal gives the tool none.
  noModel = await startMinutes({ transcriber: viaFake });
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

it("transcribes an uploaded recording in a job through the model as the person uploading it, then drafts from it", async () => {
  const created = await (await minutes.as(secretary).post("/meetings", meeting)).json();
  const answer = await minutes.upload(secretary, created.id, "meeting.mp3", RECORDING);
  expect(answer.status).toBe(202);
  const started = await answer.json();
  expect(started).toMatchObject({
    name: "transcribe-recording",
    subject: { kind: "meeting", id: created.id },
  });
  // The page finds the job again after a reload, by its meeting.
  const found = await minutes
    .as(secretary)
    .json(`/jobs?subjectKind=meeting&subjectId=${created.id}&name=transcribe-recording`);
  expect(found.job.id).toBe(started.id);
  const job = await minutes.as(secretary).finished(started.id);
  expect(job).toMatchObject({ state: "completed", result: { pieces: 1, turns: 2 } });
  const uploaded = await minutes.as(secretary).json(`/meetings/${created.id}`);
  expect(uploaded.transcript).toMatchObject({ fileName: "meeting.mp3", format: "audio", turns: 2 });
  expect(uploaded.transcript.speakers).toEqual(["Priya Shah", "Tom Reed"]);
  const call = fake.requests.at(-1)!;
  expect(call.path).toBe("/v1/audio/transcriptions");
  // The person's own credential went to the gateway (here the fake): the tool holds no key.
  expect(String(call.headers.authorization)).toMatch(/^Bearer ey/);
  const log = await minutes.as(secretary).json(`/meetings/${created.id}/changes`);
  expect(log).toContainEqual(
    expect.objectContaining({ action: "transcript.uploaded", actorName: secretary.name }),
  );
  const draft = await (
    await minutes.as(secretary).post(`/meetings/${created.id}/draft`, {})
  ).json();
  expect((await minutes.as(secretary).finished(draft.id)).state).toBe("completed");
  const version = await minutes.as(secretary).json(`/meetings/${created.id}/minutes`);
  expect(version.minutes.decisions[0].turns).toEqual([0]);
});

it("sends a long recording in pieces, each a step: a failure part-way resumes at the piece it stopped on", async () => {
  const created = await (await minutes.as(secretary).post("/meetings", meeting)).json();
  failOnce.add("part-3-board.wav");
  const before = fake.requests.length;
  const started = await (
    await minutes.upload(secretary, created.id, "board.wav", silentWav(10))
  ).json();
  const job = await minutes.as(secretary).finished(started.id);
  expect(job).toMatchObject({ state: "completed", attempt: 2, result: { pieces: 4 } });
  // Four requests in all: pieces 1 and 2 on the first attempt, which stopped at piece 3; the
  // second began at piece 3 rather than asking for the first two again.
  expect(fake.requests.slice(before)).toHaveLength(4);
  const turns = await minutes.as(secretary).json(`/meetings/${created.id}/turns`);
  expect(turns.map((turn: { text: string }) => turn.text).join(" ")).toMatch(
    /Part 1 .*Part 2 .*Part 3 .*Part 4 /,
  );
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

it("fails the job with what to do for a recording too long to split, and keeps the transcript there was", async () => {
  const created = await (await minutes.as(secretary).post("/meetings", meeting)).json();
  await minutes.upload(secretary, created.id, "notes.txt", "Priya Shah: Good morning.");
  // An MP3 over one request's limit cannot be cut without decoding it.
  const started = await (
    await minutes.upload(secretary, created.id, "long.mp3", new Uint8Array(150_000))
  ).json();
  const job = await minutes.as(secretary).finished(started.id);
  expect(job.state).toBe("failed");
  expect(job.error).toMatch(/^long\.mp3 could not be transcribed: .*save the recording as WAV/);
  const kept = await minutes.as(secretary).json(`/meetings/${created.id}`);
  expect(kept.transcript).toMatchObject({ fileName: "notes.txt", turns: 1 });
});
