/** US dollars per million tokens, prompt and completion. */
export interface ModelPrice {
  prompt: number;
  completion: number;
}

/**
 * List prices as OpenAI published them in 2025 (standard tier, openai.com/api/pricing); Azure OpenAI
 * prices the same models alike. Admins' own contracts may differ: pass `prices` to override.
 */
export const DEFAULT_PRICES: Record<string, ModelPrice> = {
  "gpt-4o": { prompt: 2.5, completion: 10 },
  "gpt-4o-mini": { prompt: 0.15, completion: 0.6 },
  "gpt-4.1": { prompt: 2, completion: 8 },
  "gpt-4.1-mini": { prompt: 0.4, completion: 1.6 },
  "gpt-4.1-nano": { prompt: 0.1, completion: 0.4 },
  "text-embedding-3-small": { prompt: 0.02, completion: 0 },
  "text-embedding-3-large": { prompt: 0.13, completion: 0 },
};

/** Who a call is for, so usage and audit stay attributed to a person, a tool and a job. */
export interface Attribution {
  tool?: string | undefined;
  user?: string | undefined;
  job?: string | undefined;
}

/** One model call, as metered. */
export interface UsageRecord extends Attribution {
  model: string;
  promptTokens: number;
  completionTokens: number;
  /** US dollars, from the price table; undefined for a model it does not list. */
  costUsd: number | undefined;
  latencyMs: number;
  cacheHit: boolean;
  /** The prompt template and its version, when the call used one. */
  prompt?: { id: string; version: string } | undefined;
}

export function costOf(
  model: string,
  promptTokens: number,
  completionTokens: number,
  prices: Record<string, ModelPrice> = DEFAULT_PRICES,
): number | undefined {
  // Providers often answer with a dated model name (gpt-4o-mini-2024-07-18).
  const price =
    prices[model] ??
    Object.entries(prices)
      .filter(([name]) => model.startsWith(`${name}-`))
      .sort(([a], [b]) => b.length - a.length)[0]?.[1];
  if (!price) return undefined;
  return (promptTokens * price.prompt + completionTokens * price.completion) / 1_000_000;
}
