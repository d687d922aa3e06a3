import { afterAll, beforeAll, expect, it } from "vitest";
import { NoModelConfiguredError, transcribeAudio, type ProviderConfig } from "../src/index.js";
import { startFakeOpenAi, type FakeOpenAi } from "../src/testing/fake-openai.js";

let fake: FakeOpenAi;
let provider: ProviderConfig;
beforeAll(async () => {
  fake = await startFakeOpenAi();
  provider = { kind: "openai-compatible", baseUrl: fake.url, apiKey: "key" };
});
afterAll(() => fake?.close());

/** A PCM WAV file: 16 kHz, 16-bit mono, `seconds` long. */
function wav(seconds: number): Uint8Array {
  const samples = 16_000 * 2 * seconds;
  const file = new Uint8Array(44 + samples);
  const view = new DataView(file.buffer);
  const write = (at: number, text: string) =>
    file.set(
      [...text].map((char) => char.charCodeAt(0)),
      at,
    );
  write(0, "RIFF");
  view.setUint32(4, 36 + samples, true);
  write(8, "WAVE");
  write(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, 16_000, true);
  view.setUint32(28, 32_000, true); // bytes a second
  view.setUint16(32, 2, true); // bytes a sample
  view.setUint16(34, 16, true);
  write(36, "data");
  view.setUint32(40, samples, true);
  return file;
}

it("transcribes audio through the openai SDK against an OpenAI-compatible server", async () => {
  fake.configure({ transcribe: () => "Priya Shah: good morning, everyone." });
  const result = await transcribeAudio(provider, wav(1), { fileName: "meeting.wav" });
  expect(result).toEqual({ text: "Priya Shah: good morning, everyone.", segments: [] });
  const request = fake.requests.at(-1)!;
  expect(request.path).toBe("/v1/audio/transcriptions");
  expect(request.headers.authorization).toBe("Bearer key");
});

it("splits a WAV recording longer than one request takes into pieces, in order", async () => {
  let piece = 0;
  fake.configure({ transcribe: () => `piece ${++piece}` });
  const before = fake.requests.length;
  // Ten seconds at 32,000 bytes a second, at most 100,000 bytes a request: four pieces.
  const result = await transcribeAudio(provider, wav(10), {
    fileName: "long.wav",
    maxBytes: 100_000,
  });
  const sent = fake.requests.slice(before);
  expect(sent).toHaveLength(4);
  for (const request of sent)
    expect((request.body as { bytes: number }).bytes).toBeLessThan(101_000);
  expect(result.text).toBe("piece 1\npiece 2\npiece 3\npiece 4");
});

it("refuses what it cannot split, and says so; with no model configured, says that", async () => {
  await expect(
    transcribeAudio(provider, new Uint8Array(2_000), { fileName: "talk.mp3", maxBytes: 1_000 }),
  ).rejects.toThrow(/talk\.mp3 is 0\.0 MB; .*save the recording as WAV, or in shorter parts/);
  await expect(transcribeAudio(undefined, wav(1), { fileName: "meeting.wav" })).rejects.toThrow(
    NoModelConfiguredError,
  );
});
