import { createTestDatabase } from "@bernard/database/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { LlmClient, PostgresResponseCache, type UsageRecord } from "../src/index.js";
import { startFakeOpenAi, type FakeOpenAi } from "../src/testing/fake-openai.js";

let fake: FakeOpenAi;
let cache: PostgresResponseCache;
beforeAll(async () => {
  fake = await startFakeOpenAi({
    reply: (request) => ({ content: `Answer ${request.messages.length}` }),
  });
  cache = new PostgresResponseCache({ url: (await createTestDatabase()).url, schema: "tool_llm" });
});
afterAll(async () => {
  await cache.close();
  await fake.close();
});

it("answers an unchanged request from PostgreSQL, without calling the model, at no cost", async () => {
  const usage: UsageRecord[] = [];
  const client = () =>
    new LlmClient({
      provider: { kind: "openai-compatible", baseUrl: fake.url },
      model: "gpt-4o-mini",
      cache,
      onUsage: (record) => usage.push(record),
    });
  const request = { messages: [{ role: "user" as const, content: "Summarise this" }] };

  const first = await client().chat(request);
  // A new client (as after a restart) still finds it.
  const again = await client().chat(request);
  expect(again).toEqual({ ...first, cacheHit: true });
  expect(fake.chatRequests()).toHaveLength(1);
  expect(usage.map((record) => [record.cacheHit, record.costUsd === 0])).toEqual([
    [false, false],
    [true, true],
  ]);

  await client().chat({ ...request, model: "gpt-4o" });
  await client().chat({ messages: [...request.messages, { role: "user", content: "More" }] });
  expect(fake.chatRequests()).toHaveLength(3);
});
