import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  chunkForCalls,
  countMessageTokens,
  estimateMapReduce,
  LlmClient,
  LlmRequestError,
  mapInSteps,
  mapReduce,
  type StepProgress,
  type StepRunner,
} from "../src/index.js";
import { startFakeOpenAi, type FakeOpenAi } from "../src/testing/fake-openai.js";
import {
  agendaMapReduce,
  agendaModel,
  isMap,
  itemsIn,
  MAP_INSTRUCTIONS,
  meetingTranscript,
} from "./fixtures/meeting.js";

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.configure({ reply: agendaModel });
});

const client = () =>
  new LlmClient({
    provider: { kind: "openai-compatible", baseUrl: fake.url, apiKey: "test-key" },
    model: "gpt-4o-mini",
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  });

type Body = { messages: { role: string; content: string }[] };
const bodies = () => fake.chatRequests().map((request) => request.body as Body);

/** Steps saved in memory, as a job's steps are in its database: a second run finds them. */
function savedSteps(): StepRunner & { names: () => string[] } {
  const saved = new Map<string, unknown>();
  const run = (async (name: string, work: () => Promise<unknown>) => {
    if (saved.has(name)) return saved.get(name);
    const value = await work();
    saved.set(name, JSON.parse(JSON.stringify(value)));
    return value;
  }) as StepRunner;
  return Object.assign(run, { names: () => [...saved.keys()] });
}

const TRANSCRIPT = meetingTranscript(150);
const chunksOf = (tokensPerCall: number) =>
  chunkForCalls(TRANSCRIPT, { tokensPerCall, instructions: MAP_INSTRUCTIONS, overlapTokens: 20 });

describe("map-reduce over a long meeting", () => {
  it("keeps every call within its tokens, and makes the calls its estimate counted", async () => {
    const chunks = await chunksOf(1_000);
    expect(chunks.length).toBeGreaterThan(3);
    const spec = agendaMapReduce(chunks);
    for (const [index, chunk] of chunks.entries()) {
      expect(countMessageTokens(spec.map(chunk, index).messages)).toBeLessThanOrEqual(1_000);
    }
    const estimate = estimateMapReduce("gpt-4o-mini", spec);

    const progress: StepProgress[] = [];
    const whole = await mapReduce(client(), spec, { progress: (update) => progress.push(update) });

    expect(whole.items.toSorted()).toEqual(itemsIn(TRANSCRIPT).toSorted());
    expect(fake.chatRequests()).toHaveLength(estimate.requests);
    expect(estimate.requests).toBe(chunks.length + 1);
    // The map calls' prompts are counted exactly; only replies are guessed.
    const mapPrompts = bodies()
      .filter(isMap)
      .reduce((sum, body) => sum + countMessageTokens(body.messages), 0);
    const reducePrompt = countMessageTokens(bodies().find((body) => !isMap(body))!.messages);
    expect(estimate.promptTokens - mapPrompts).toBeGreaterThan(0);
    expect(estimate.promptTokens - mapPrompts).toBeLessThan(reducePrompt * 3);
    expect(estimate.costUsd).toBeGreaterThan(0);
    expect(progress[0]).toEqual({ stage: "Reading", done: 0, total: chunks.length });
    expect(progress).toContainEqual({
      stage: "Reading",
      done: chunks.length,
      total: chunks.length,
    });
    expect(progress.at(-1)).toEqual({ stage: "Combining", done: 1, total: 1 });
  });

  it("gets the same answer when the model fails or replies with broken JSON", async () => {
    const chunks = await chunksOf(1_000);
    fake.configure({
      reply: agendaModel,
      failures: { rate: 0.35, kinds: ["server-error", "malformed-json"], seed: 7 },
    });
    const whole = await mapReduce(client(), agendaMapReduce(chunks));
    expect(whole.items.toSorted()).toEqual(itemsIn(TRANSCRIPT).toSorted());
    const failed = fake.chatRequests().filter((request) => request.outcome !== 200);
    expect(failed.length).toBeGreaterThan(0);
    expect(fake.chatRequests().length).toBeGreaterThan(chunks.length + 1);
  });

  it("stops at a chunk the model keeps refusing; run again, only the unfinished chunks are asked", async () => {
    const chunks = await chunksOf(1_000);
    const spec = agendaMapReduce(chunks);
    const broken = chunks[2]!;
    fake.configure({
      reply: (request) =>
        request.messages.at(-1)!.content === broken
          ? { status: 500, message: "The model is overloaded" }
          : agendaModel(request),
    });
    const steps = savedSteps();
    const first = mapReduce(client(), spec, { step: steps, concurrency: 1 });
    await expect(first).rejects.toBeInstanceOf(LlmRequestError);
    expect(steps.names()).toEqual(["chunk-0", "chunk-1"]);
    // No chunk after the one that failed was started.
    expect(bodies().some((body) => body.messages.at(-1)!.content === chunks[3])).toBe(false);

    fake.requests.length = 0;
    fake.configure({ reply: agendaModel });
    const whole = await mapReduce(client(), spec, { step: steps, concurrency: 1 });
    expect(whole.items.toSorted()).toEqual(itemsIn(TRANSCRIPT).toSorted());
    const asked = bodies()
      .filter(isMap)
      .map((body) => chunks.indexOf(body.messages.at(-1)!.content));
    expect(asked).toEqual(chunks.slice(2).map((_, offset) => offset + 2));
    expect(fake.chatRequests()).toHaveLength(chunks.length - 2 + 1);
  });

  it("refuses instructions that leave no room for text, saying what to change", async () => {
    await expect(chunksOf(20)).rejects.toThrow(/allow more tokens a call/);
  });
});

describe("work in chunks, counted by what each chunk holds", () => {
  it("reports done as chunks finish and as each chunk tells how far it is", async () => {
    const progress: StepProgress[] = [];
    const parts = await mapInSteps({
      chunks: [
        ["a", "b", "c"],
        ["d", "e"],
      ],
      stage: "Mapping responses",
      size: (chunk) => chunk.length,
      map: async (chunk, _index, report) => {
        report(1);
        return chunk.join("");
      },
      progress: (update) => progress.push(update),
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(parts).toEqual(["abc", "de"]);
    expect(progress[0]).toEqual({ stage: "Mapping responses", done: 0, total: 5 });
    expect(progress.map((update) => update.done)).toEqual(expect.arrayContaining([1, 3, 4, 5]));
    expect(progress.filter((update) => update.done === 5)).not.toHaveLength(0);
  });

  it("stops between chunks once cancelled", async () => {
    const controller = new AbortController();
    const read: number[] = [];
    const run = mapInSteps({
      chunks: [1, 2, 3],
      map: async (chunk) => {
        read.push(chunk);
        if (chunk === 1) controller.abort(new Error("Cancelled by its owner"));
        return chunk;
      },
      signal: controller.signal,
    });
    await expect(run).rejects.toThrow("Cancelled by its owner");
    expect(read).toEqual([1]);
  });
});
