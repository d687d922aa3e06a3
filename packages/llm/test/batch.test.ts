import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { LlmClient, planBatches, processBatch, type BatchItem } from "../src/index.js";
import { countTokens } from "../src/tokens.js";
import { batchReply, startFakeOpenAi, type FakeOpenAi } from "../src/testing/fake-openai.js";

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
});

const instructions = [
  { role: "system" as const, content: "Count the words in each response. Reply with JSON." },
];
const resultSchema = z.object({ words: z.number().int() });
const wordsIn = (item: { text: string }) => ({ words: item.text.split(" ").length });

const responses = (count: number): BatchItem[] =>
  Array.from({ length: count }, (_, index) => ({
    id: `r${index + 1}`,
    text: `Response number ${index + 1} ${"says more ".repeat(index % 7)}`.trim(),
  }));

const client = () =>
  new LlmClient({
    provider: { kind: "openai-compatible", baseUrl: fake.url },
    model: "gpt-4o-mini",
    timeoutMs: 500,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });

describe("batch processing", () => {
  it("processes every one of 2,000 items exactly once, or lists it, under 20% injected failures", async () => {
    fake.configure({
      reply: batchReply(wordsIn),
      failures: {
        rate: 0.2,
        seed: 7,
        kinds: [
          "server-error",
          "rate-limit",
          "hang",
          "malformed-json",
          "missing-item",
          "extra-item",
          "duplicate-item",
        ],
      },
    });
    const items = responses(2_000);
    const progress: number[] = [];
    const outcome = await processBatch(client(), {
      items,
      instructions,
      resultSchema,
      tokenBudget: 1_500,
      concurrency: 8,
      onProgress: (done) => progress.push(done),
    });

    const returned = [
      ...outcome.results.map((entry) => entry.id),
      ...outcome.unprocessed.map((entry) => entry.id),
    ];
    expect(returned.sort()).toEqual(items.map((item) => item.id).sort());
    expect(new Set(returned).size).toBe(items.length);
    for (const { id, result } of outcome.results) {
      expect(result).toEqual(wordsIn(items.find((item) => item.id === id)!));
    }
    // Every kind of failure happened, and the items they hit went again on their own.
    const outcomes = new Set(fake.chatRequests().map((request) => request.outcome));
    expect(outcomes).toEqual(new Set([200, 429, 500, "hang"]));
    expect(outcome.stats.retriedAlone).toBeGreaterThan(0);
    expect(outcome.stats.batches).toBeGreaterThan(20);
    expect(progress.at(-1)).toBe(2_000);
  });

  it("lists an item the model never answers properly as unprocessed, with the reason", async () => {
    fake.configure({
      reply: (request) => {
        const reply = batchReply(wordsIn)(request) as { json: { results: { id: string }[] } };
        // r2 is always missing from every reply, batched or alone.
        return { json: { results: reply.json.results.filter((entry) => entry.id !== "r2") } };
      },
    });
    const outcome = await processBatch(client(), {
      items: responses(5),
      instructions,
      resultSchema,
      tokenBudget: 2_000,
    });
    expect(outcome.results.map((entry) => entry.id)).toEqual(["r1", "r3", "r4", "r5"]);
    expect(outcome.unprocessed).toEqual([{ id: "r2", reason: "it was missing from the reply" }]);
    // One batch, then r2 alone.
    expect(fake.chatRequests()).toHaveLength(2);
  });

  it("refuses duplicate input IDs before calling the model", async () => {
    await expect(
      processBatch(client(), {
        items: [
          { id: "a", text: "one" },
          { id: "a", text: "two" },
        ],
        instructions,
        resultSchema,
        tokenBudget: 1_000,
      }),
    ).rejects.toThrow("Item ID a appears twice");
    expect(fake.requests).toHaveLength(0);
  });
});

describe("planning batches", () => {
  it("keeps each batch, with its instructions, under the token budget", () => {
    const items = responses(300);
    const batches = planBatches(items, instructions, 800, 1_000);
    expect(batches.flat().map((item) => item.id)).toEqual(items.map((item) => item.id));
    const fixed = countTokens(instructions[0]!.content);
    for (const batch of batches) {
      expect(fixed + countTokens(JSON.stringify({ items: batch }))).toBeLessThanOrEqual(800);
    }
    expect(batches.length).toBeGreaterThan(5);
  });

  it("caps items per batch however small they are", () => {
    const batches = planBatches(responses(120), instructions, 1_000_000, 50);
    expect(batches.map((batch) => batch.length)).toEqual([50, 50, 20]);
  });
});
