import { LlmClient } from "@bernard/llm";
import { startFakeOpenAi, type FakeOpenAiOptions } from "@bernard/llm/testing";
import { fastestAllowed, tokensThrough } from "./rate-limits.js";
import { printTable, seconds } from "./report.js";

/** The fake provider a model engine is measured against: its latency, limits and answers. */
export interface FakeProvider {
  reply: NonNullable<FakeOpenAiOptions["reply"]>;
  latencyMs: number;
  limits: { requestsPerMinute: number; tokensPerMinute: number };
  /** How long the client waits for one reply (default a minute). */
  timeoutMs?: number;
}

/** What a model engine's run through the fake provider cost, beside the fastest its limits allow. */
export interface ModelRun<Result> {
  result: Result;
  provider: FakeProvider;
  wallMs: number;
  /** Every chat request the fake received, answered or not. */
  requests: number;
  answered: number;
  /** Requests the fake refused with 429 (over its per-minute limits). */
  refused: number;
  tokens: { prompt: number; completion: number };
  fastestMs: number;
}

/**
 * Runs `work` with a client for a fake OpenAI-compatible provider that has real latency and
 * per-minute limits (the client told the same limits), timing it and counting what it sent.
 */
export async function runAgainstFakeProvider<Result>(
  provider: FakeProvider,
  work: (client: LlmClient) => Promise<Result>,
): Promise<ModelRun<Result>> {
  const fake = await startFakeOpenAi({
    reply: provider.reply,
    latencyMs: provider.latencyMs,
    limits: provider.limits,
  });
  try {
    const client = new LlmClient({
      provider: { kind: "openai-compatible", baseUrl: fake.url },
      model: "gpt-4o-mini",
      limits: provider.limits,
      timeoutMs: provider.timeoutMs ?? 60_000,
    });
    const started = performance.now();
    const result = await work(client);
    const wallMs = performance.now() - started;
    const requests = fake.chatRequests();
    const answered = requests.filter((request) => request.outcome === 200).length;
    const tokens = tokensThrough(fake);
    return {
      result,
      provider,
      wallMs,
      requests: requests.length,
      answered,
      refused: requests.filter((request) => request.outcome === 429).length,
      tokens,
      fastestMs: fastestAllowed(
        tokens.prompt + tokens.completion,
        answered,
        provider.limits,
        provider.latencyMs,
      ),
    };
  } finally {
    await fake.close();
  }
}

/** Prints a run's wall time beside the fastest the fake's limits allow; `subject` says what ran. */
export function printModelEfficiency(subject: string, run: ModelRun<unknown>): void {
  const { latencyMs, limits } = run.provider;
  printTable(
    `Model engine against a fake provider: ${subject}, ${latencyMs} ms latency, limits ${limits.requestsPerMinute} requests and ${limits.tokensPerMinute.toLocaleString("en-GB")} tokens per minute`,
    ["measured", "fastest the limits allow", "efficiency"],
    [
      [
        "wall time",
        seconds(run.wallMs),
        seconds(run.fastestMs),
        `${((100 * run.fastestMs) / run.wallMs).toFixed(0)}%`,
      ],
    ],
  );
}

/** The rows comparing what a run sent with the estimate shown before it. */
export function measuredBesideEstimate(
  run: ModelRun<unknown>,
  estimate: { requests: number; promptTokens: number; completionTokens: number },
): [string, ...string[]][] {
  return [
    ["requests answered", String(run.answered), String(estimate.requests)],
    ["requests refused (429)", String(run.refused), "0"],
    [
      "prompt tokens",
      run.tokens.prompt.toLocaleString("en-GB"),
      estimate.promptTokens.toLocaleString("en-GB"),
    ],
    [
      "reply tokens",
      run.tokens.completion.toLocaleString("en-GB"),
      estimate.completionTokens.toLocaleString("en-GB"),
    ],
  ];
}
