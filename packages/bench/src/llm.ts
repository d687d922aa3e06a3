import { countTokens, LlmClient, processBatch, type BatchItem } from "@bernard/llm";
import { batchReply, startFakeOpenAi, type FakeOpenAi } from "@bernard/llm/testing";
import { z } from "zod";
import { fastestAllowed, tokensThrough } from "./rate-limits.js";
import { printTable, ratio, seconds } from "./report.js";
import { consultationResponses } from "./responses.js";

const ITEMS = 10_000;
const LATENCY_MS = 500;
/** Chosen so the work needs about a minute and a half of the provider's budget. */
const LIMITS = { requestsPerMinute: 60, tokensPerMinute: 320_000 };
const TOKEN_BUDGET = 4_000;
const MAX_ITEMS_PER_BATCH = 100;
const CONCURRENCY = 8;

const instructions = [
  {
    role: "system" as const,
    content:
      "You sort responses to a public consultation. For each item, give the one theme it mostly " +
      "raises, as a short label, and whether it supports, opposes or is neutral on the proposal. " +
      'Reply with JSON: {"results":[{"id":"…","theme":"…","stance":"support|oppose|neutral"}]}, ' +
      "one entry per item, with the item's id.",
  },
];
const resultSchema = z.object({
  theme: z.string(),
  stance: z.enum(["support", "oppose", "neutral"]),
});

/**
 * The LLM client against a fake provider with real latency and per-minute limits: how close a
 * 10,000-item batch job gets to the fastest the limits allow, how many tokens it sends per item
 * beyond the items' own, and how many retries 10% injected failures cost.
 */
export async function benchLlm(): Promise<void> {
  const items = consultationResponses(ITEMS);
  const ownTokens = items.reduce((total, item) => total + countTokens(item.text), 0);
  const fake = await startFakeOpenAi({
    latencyMs: LATENCY_MS,
    limits: LIMITS,
    reply: batchReply((item) => ({
      theme: item.text.includes("bus") ? "Bus services" : "Costs",
      stance: item.text.includes("support") ? "support" : "oppose",
    })),
  });
  try {
    const clean = await run(fake, items);
    const sent = fake.chatRequests().length;
    const tokens = tokensThrough(fake);
    const fastest = fastestAllowed(tokens.prompt + tokens.completion, sent, LIMITS, LATENCY_MS);

    fake.requests.length = 0;
    fake.configure({
      latencyMs: LATENCY_MS,
      limits: LIMITS,
      reply: batchReply(() => ({ theme: "Costs", stance: "oppose" })),
      failures: {
        rate: 0.1,
        seed: 11,
        kinds: ["server-error", "rate-limit", "malformed-json", "missing-item", "duplicate-item"],
      },
    });
    const faulty = await run(fake, items);

    const perItem = tokens.prompt / ITEMS;
    const onePerRequest = countTokens(instructions[0]!.content) + 11 + ownTokens / ITEMS;
    printTable(
      `LLM batch: ${ITEMS.toLocaleString("en-GB")} items, ${LATENCY_MS} ms latency, limits ${LIMITS.requestsPerMinute} requests and ${LIMITS.tokensPerMinute.toLocaleString("en-GB")} tokens per minute, ${CONCURRENCY} in flight`,
      ["measured", "fastest the limits allow", "measured/fastest"],
      [
        ["wall time", seconds(clean.wallMs), seconds(fastest), ratio(clean.wallMs, fastest)],
        ["efficiency", `${((100 * fastest) / clean.wallMs).toFixed(0)}%`, "100%", ""],
      ],
    );
    printTable(
      "Prompt tokens per item",
      ["batched", "one item per request", "item's own tokens"],
      [
        [
          "tokens sent per item",
          perItem.toFixed(1),
          onePerRequest.toFixed(1),
          (ownTokens / ITEMS).toFixed(1),
        ],
        [
          "overhead ratio (sent/own)",
          ratio(perItem, ownTokens / ITEMS),
          ratio(onePerRequest, ownTokens / ITEMS),
          "1.00×",
        ],
      ],
    );
    printTable(
      "Under 10% injected failures (500, 429, malformed JSON, missing or duplicated items)",
      ["no failures", "10% failures"],
      [
        ["requests", String(clean.requests), String(faulty.requests)],
        ["retries", String(clean.retries), String(faulty.retries)],
        ["items retried on their own", String(clean.retriedAlone), String(faulty.retriedAlone)],
        ["items processed", String(clean.processed), String(faulty.processed)],
        ["items unprocessed", String(clean.unprocessed), String(faulty.unprocessed)],
        ["wall time", seconds(clean.wallMs), seconds(faulty.wallMs)],
      ],
    );
  } finally {
    await fake.close();
  }
}

async function run(fake: FakeOpenAi, items: BatchItem[]) {
  const client = new LlmClient({
    provider: { kind: "openai-compatible", baseUrl: fake.url },
    model: "gpt-4o-mini",
    limits: LIMITS,
    timeoutMs: 10_000,
  });
  const started = performance.now();
  const outcome = await processBatch(client, {
    items,
    instructions,
    resultSchema,
    tokenBudget: TOKEN_BUDGET,
    maxItemsPerBatch: MAX_ITEMS_PER_BATCH,
    concurrency: CONCURRENCY,
    request: { maxTokens: 2_000 },
  });
  return {
    wallMs: performance.now() - started,
    requests: client.stats.requests,
    retries: client.stats.retries,
    retriedAlone: outcome.stats.retriedAlone,
    processed: outcome.results.length,
    unprocessed: outcome.unprocessed.length,
  };
}
