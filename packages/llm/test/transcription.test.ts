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

/** A canonical PCM WAV file: 16 kHz, 16-bit mono, `seconds` of silence. */
function wav(seconds: number): Uint8Array {
  const samples = 32_000 * seconds;
  const file = Buffer.alloc(44 + samples);
  file.write("RIFF", 0, "latin1");
  file.writeUInt32LE(36 + samples, 4);
  file.write("WAVEfmt ", 8, "latin1");
  // Chunk size, PCM, mono, samples a second, bytes a second, bytes a sample, bits a sample.
  [16, 1, 1, 16_000, 32_000, 2, 16].reduce((at, value, i) => {
    const wide = i === 0 || i === 3 || i === 4;
    if (wide) file.writeUInt32LE(value, at);
    else file.writeUInt16LE(value, at);
    return at + (wide ? 4 : 2);
  }, 16);
  file.write("data", 36, "latin1");
  file.writeUInt32LE(samples, 40);
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
