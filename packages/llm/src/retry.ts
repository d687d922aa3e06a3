export interface RetryPolicy {
  /** Further attempts after the first (default 5). */
  maxRetries: number;
  /** First backoff; doubles each attempt, with full jitter (default 500 ms). */
  baseDelayMs: number;
  /** Longest wait between attempts (default 30 s). */
  maxDelayMs: number;
}

/** A provider asking for a longer wait than this is still retried after this long. */
const MAX_RETRY_AFTER_MS = 120_000;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};

/** What a failed attempt says about retrying: whether to, and how long the provider asked to wait. */
export interface RetryAdvice {
  retryable: boolean;
  retryAfterMs?: number | undefined;
}

/**
 * Runs `attempt` until it succeeds, a failure is not retryable, or the retries run out.
 * The wait honours the provider's Retry-After when it gives one, else exponential backoff
 * with full jitter so that many clients do not retry in step.
 */
export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  advise: (error: unknown) => RetryAdvice,
  policy: RetryPolicy,
  onRetry: (error: unknown, waitMs: number) => void = () => undefined,
  random: () => number = Math.random,
): Promise<T> {
  for (let attemptNumber = 0; ; attemptNumber += 1) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      const advice = advise(error);
      if (!advice.retryable || attemptNumber >= policy.maxRetries) throw error;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attemptNumber);
      const waitMs =
        advice.retryAfterMs !== undefined
          ? Math.min(advice.retryAfterMs, MAX_RETRY_AFTER_MS)
          : Math.round(random() * backoff);
      onRetry(error, waitMs);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

/** Retry-After as seconds or an HTTP date, or retry-after-ms (OpenAI and Azure send it). */
export function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = headers?.get("retry-after-ms");
  if (ms && Number.isFinite(Number(ms))) return Number(ms);
  const value = headers?.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
