import { countTokens } from "@bernard/llm";
import type { FakeOpenAi } from "@bernard/llm/testing";

/** Tokens in the successful requests the fake answered, as it counted them. */
export function tokensThrough(fake: FakeOpenAi): { prompt: number; completion: number } {
  let prompt = 0;
  let completion = 0;
  for (const request of fake.chatRequests()) {
    if (request.outcome !== 200) continue;
    const body = request.body as { messages: { content: string }[] };
    prompt += body.messages.reduce((total, message) => total + 4 + countTokens(message.content), 3);
    completion += request.completionTokens ?? 0;
  }
  return { prompt, completion };
}

/**
 * The least time the limits allow: a sliding one-minute window lets a full minute's budget go at
 * once, so N minutes' worth of work needs N−1 minutes of waiting, plus one reply's latency.
 */
export function fastestAllowed(
  tokens: number,
  requests: number,
  limits: { requestsPerMinute: number; tokensPerMinute: number },
  latencyMs: number,
): number {
  const minutesOf = (amount: number, perMinute: number) => Math.ceil(amount / perMinute) - 1;
  const waits = Math.max(
    minutesOf(tokens, limits.tokensPerMinute),
    minutesOf(requests, limits.requestsPerMinute),
  );
  return waits * 60_000 + latencyMs;
}
