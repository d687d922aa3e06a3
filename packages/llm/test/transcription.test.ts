import { afterAll, beforeAll, expect, it } from "vitest";
import {
  audioPieces,
  joinTranscriptions,
  NoModelConfiguredError,
  transcribePiece,
  type ProviderConfig,
} from "../src/index.js";
import { silentWav as wav, startFakeOpenAi, type FakeOpenAi } from "../src/testing/fake-openai.js";

let fake: FakeOpenAi;
let provider: ProviderConfig;
beforeAll(async () => {
  fake = await startFakeOpenAi();
  provider = { kind: "openai-compatible", baseUrl: fake.url, apiKey: "key" };
});
afterAll(() => fake?.close());

it("transcribes audio through the openai SDK against an OpenAI-compatible server", async () => {
  fake.configure({ transcribe: () => "Priya Shah: good morning, everyone." });
  const [piece] = audioPieces(wav(1), "meeting.wav");
  const result = await transcribePiece(provider, piece!);
  expect(result).toEqual({ text: "Priya Shah: good morning, everyone.", segments: [] });
  const request = fake.requests.at(-1)!;
  expect(request.path).toBe("/v1/audio/transcriptions");
  expect(request.headers.authorization).toBe("Bearer key");
});

it("splits a WAV recording longer than one request takes into pieces, in order, each on the recording's clock", async () => {
  let piece = 0;
  fake.configure({ transcribe: () => `piece ${++piece}` });
  const before = fake.requests.length;
  // Ten seconds at 32,000 bytes a second, at most 100,000 bytes a request: four pieces.
  const pieces = audioPieces(wav(10), "long.wav", 100_000);
  expect(pieces.map((each) => each.name)).toEqual([
    "part-1-long.wav",
    "part-2-long.wav",
    "part-3-long.wav",
    "part-4-long.wav",
  ]);
  expect(pieces[1]!.offset).toBeCloseTo(99_956 / 32_000, 1);
  const parts = [];
  for (const each of pieces) parts.push(await transcribePiece(provider, each));
  const sent = fake.requests.slice(before);
  expect(sent).toHaveLength(4);
  for (const request of sent)
    expect((request.body as { bytes: number }).bytes).toBeLessThan(101_000);
  expect(joinTranscriptions(parts).text).toBe("piece 1\npiece 2\npiece 3\npiece 4");
});

it("refuses what it cannot split, and says so; with no model configured, says that", () => {
  expect(() => audioPieces(new Uint8Array(2_000), "talk.mp3", 1_000)).toThrow(
    /talk\.mp3 is 0\.0 MB; .*save the recording as WAV, or in shorter parts/,
  );
  const [piece] = audioPieces(wav(1), "meeting.wav");
  return expect(transcribePiece(undefined, piece!)).rejects.toThrow(NoModelConfiguredError);
});
