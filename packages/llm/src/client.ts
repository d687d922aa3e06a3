import OpenAI from "openai";
import { z } from "zod";
import { cacheKey, type ResponseCache } from "./cache.js";
import { LlmRequestError, NoModelConfiguredError, StructuredOutputError } from "./errors.js";
import { RateLimiter, type RateLimits } from "./limiter.js";
import { createSdkClient, type ProviderConfig } from "./providers.js";
import { Redactor } from "./redaction.js";
import { DEFAULT_RETRY_POLICY, retryAfterMs, withRetries, type RetryPolicy } from "./retry.js";
import { countMessageTokens } from "./tokens.js";
import { costOf, type Attribution, type ModelPrice, type UsageRecord } from "./usage.js";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** Defaults to the client's model. */
  model?: string;
  /** Defaults to 0: Bernard wants the same answer to the same question. */
  temperature?: number;
  maxTokens?: number;
  /** Ask for JSON that follows this JSON Schema (the provider's structured output). */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
  /** The prompt template this came from, recorded with the usage. */
  prompt?: { id: string; version: string };
  /** Per call; merged over the client's. */
  attribution?: Attribution;
  /** Take personal data out before the prompt leaves, and put it back in the reply. */
  redact?: boolean;
  signal?: AbortSignal;
}

export interface ChatResult {
  content: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  cacheHit: boolean;
}

export interface LlmClientOptions {
  /** undefined: no model configured, and every call raises NoModelConfiguredError. */
  provider: ProviderConfig | undefined;
  model: string;
  /** The provider's per-minute limits; the client waits rather than exceed them. */
  limits?: RateLimits;
  retry?: Partial<RetryPolicy>;
  /** Per request (default 60 s); a request that takes longer is retried. */
  timeoutMs?: number;
  /** Unchanged requests are answered from here without calling the model. */
  cache?: ResponseCache | undefined;
  /** Called once per call, cache hits included. */
  onUsage?: (record: UsageRecord) => void;
  attribution?: Attribution;
  prices?: Record<string, ModelPrice>;
  /** Redact personal data in every call (per-call `redact` overrides). */
  redact?: boolean;
}

/** Counters a caller (or a benchmark) can read: what the client did, not just what it returned. */
export interface ClientStats {
  requests: number;
  retries: number;
  cacheHits: number;
  promptTokens: number;
  completionTokens: number;
}

/** What `embed` gives: one vector per text, in order, and the model that made them. */
export interface Embeddings {
  model: string;
  vectors: number[][];
}

/**
 * The one way Bernard code talks to a model: through the openai SDK to OpenAI, Azure OpenAI or
 * any OpenAI-compatible server (including the portal's gateway), with a client-side rate
 * limiter, retries with backoff that honour Retry-After, per-request timeouts, an optional
 * PostgreSQL response cache, redaction of personal data, and usage metering for every call.
 */
export class LlmClient {
  readonly stats: ClientStats = {
    requests: 0,
    retries: 0,
    cacheHits: 0,
    promptTokens: 0,
    completionTokens: 0,
  };
  readonly #sdk: OpenAI | undefined;
  readonly #limiter: RateLimiter;
  readonly #retry: RetryPolicy;

  constructor(private readonly options: LlmClientOptions) {
    this.#sdk = options.provider && createSdkClient(options.provider, options.timeoutMs ?? 60_000);
    this.#limiter = new RateLimiter(options.limits ?? {});
    this.#retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  }

  /** Whether a model is configured; without one, tools use their offline engines. */
  get configured(): boolean {
    return this.#sdk !== undefined;
  }

  get model(): string {
    return this.options.model;
  }

  /** One chat completion, retried until it answers or the retries run out. */
  async chat(request: ChatRequest): Promise<ChatResult> {
    const sdk = this.#sdk;
    if (!sdk) throw new NoModelConfiguredError();
    const redactor = (request.redact ?? this.options.redact) ? new Redactor() : undefined;
    const messages = redactor
      ? request.messages.map((message) => ({
          ...message,
          content: redactor.redact(message.content),
        }))
      : request.messages;
    const model = request.model ?? this.options.model;
    const body = {
      model,
      messages,
      temperature: request.temperature ?? 0,
      ...(request.maxTokens ? { max_tokens: request.maxTokens } : {}),
      ...(request.jsonSchema
        ? {
            response_format: {
              type: "json_schema" as const,
              json_schema: { name: request.jsonSchema.name, schema: request.jsonSchema.schema },
            },
          }
        : {}),
    };
    const attribution = { ...this.options.attribution, ...request.attribution };
    const started = performance.now();
    const restore = (content: string) => (redactor ? redactor.restore(content) : content);

    const key = this.options.cache && cacheKey(body);
    const cached = key ? await this.options.cache!.get(key) : undefined;
    if (cached) {
      this.stats.cacheHits += 1;
      this.#meter(
        { ...cached, latencyMs: performance.now() - started, cacheHit: true },
        request,
        attribution,
      );
      return { ...cached, content: restore(cached.content), cacheHit: true };
    }

    const estimate = countMessageTokens(messages) + (request.maxTokens ?? 500);
    const completion = await withRetries(
      async () => {
        const ticket = await this.#limiter.acquire(estimate);
        this.stats.requests += 1;
        const answer = await linkedTo(request.signal, (signal) =>
          sdk.chat.completions.create(body, {
            headers: gatewayHeaders(attribution, request.prompt),
            ...(signal ? { signal } : {}),
          }),
        );
        this.#limiter.settle(ticket, answer.usage?.total_tokens ?? estimate);
        const content = answer.choices[0]?.message.content;
        if (typeof content !== "string") throw new EmptyReplyError();
        return { answer, content };
      },
      adviseRetry,
      this.#retry,
      () => (this.stats.retries += 1),
    ).catch((error: unknown) => {
      throw asRequestError(error);
    });

    const result = {
      model: completion.answer.model || model,
      content: completion.content,
      promptTokens: completion.answer.usage?.prompt_tokens ?? 0,
      completionTokens: completion.answer.usage?.completion_tokens ?? 0,
    };
    if (key) await this.options.cache!.set(key, result);
    this.#meter(
      { ...result, latencyMs: performance.now() - started, cacheHit: false },
      request,
      attribution,
    );
    return { ...result, content: restore(result.content), cacheHit: false };
  }

  /**
   * Messages and a zod schema in, a validated typed object out. A reply that is not JSON, or
   * does not match, is sent back to the model with what was wrong, up to `maxRepairs` times;
   * then StructuredOutputError.
   */
  async generateObject<T>(
    request: ChatRequest & { schema: z.ZodType<T>; schemaName?: string; maxRepairs?: number },
  ): Promise<{ value: T; result: ChatResult }> {
    const { schema, schemaName = "reply", maxRepairs = 2, ...chat } = request;
    const jsonSchema = {
      name: schemaName,
      schema: z.toJSONSchema(schema) as Record<string, unknown>,
    };
    let messages = chat.messages;
    let problems: string[] = [];
    let lastReply = "";
    for (let attempt = 0; attempt <= maxRepairs; attempt += 1) {
      const result = await this.chat({ ...chat, messages, jsonSchema });
      lastReply = result.content;
      const checked = parseReply(result.content, schema);
      if (checked.success) return { value: checked.value, result };
      problems = checked.problems;
      messages = [
        ...chat.messages,
        { role: "assistant", content: result.content },
        {
          role: "user",
          content: `That reply cannot be used: ${problems.join("; ")}. Reply again with only a JSON object that follows the schema.`,
        },
      ];
    }
    throw new StructuredOutputError(
      `The model did not give a valid ${schemaName} after ${maxRepairs + 1} tries: ${problems.join("; ")}`,
      lastReply,
      problems,
    );
  }

  /**
   * Embeddings for texts, in order, and the model that made them (behind the portal's gateway,
   * the portal's embedding model, whatever was asked for): vectors of different models do not
   * compare.
   */
  async embed(texts: string[], model = "text-embedding-3-small"): Promise<Embeddings> {
    const sdk = this.#sdk;
    if (!sdk) throw new NoModelConfiguredError();
    const started = performance.now();
    const estimate = texts.reduce((total, text) => total + text.length / 4, 0);
    const answer = await withRetries(
      async () => {
        const ticket = await this.#limiter.acquire(estimate);
        this.stats.requests += 1;
        const response = await sdk.embeddings.create(
          { model, input: texts },
          { headers: gatewayHeaders(this.options.attribution, undefined) },
        );
        this.#limiter.settle(ticket, response.usage.total_tokens);
        return response;
      },
      adviseRetry,
      this.#retry,
      () => (this.stats.retries += 1),
    ).catch((error: unknown) => {
      throw asRequestError(error);
    });
    this.#meter(
      {
        model,
        promptTokens: answer.usage.prompt_tokens,
        completionTokens: 0,
        latencyMs: performance.now() - started,
        cacheHit: false,
      },
      {},
      this.options.attribution ?? {},
    );
    return {
      model: answer.model || model,
      vectors: [...answer.data].sort((a, b) => a.index - b.index).map((item) => item.embedding),
    };
  }

  #meter(
    call: {
      model: string;
      promptTokens: number;
      completionTokens: number;
      latencyMs: number;
      cacheHit: boolean;
    },
    request: Pick<ChatRequest, "prompt">,
    attribution: Attribution,
  ): void {
    if (!call.cacheHit) {
      this.stats.promptTokens += call.promptTokens;
      this.stats.completionTokens += call.completionTokens;
    }
    this.options.onUsage?.({
      ...attribution,
      ...call,
      // A cache hit cost nothing this time.
      costUsd: call.cacheHit
        ? 0
        : costOf(call.model, call.promptTokens, call.completionTokens, this.options.prices),
      prompt: request.prompt,
    });
  }
}

/** Tells the portal's gateway which job and prompt a call belongs to (other providers ignore them). */
function gatewayHeaders(
  attribution: Attribution | undefined,
  prompt: { id: string; version: string } | undefined,
): Record<string, string> {
  return {
    ...(attribution?.job ? { "x-bernard-job": attribution.job } : {}),
    ...(prompt ? { "x-bernard-prompt": `${prompt.id}@${prompt.version}` } : {}),
  };
}

/** A 200 whose reply has no text: treated like a failed attempt. */
class EmptyReplyError extends Error {
  override name = "EmptyReplyError";
  constructor() {
    super("The model's reply had no text.");
  }
}

/** The provider's HTTP answer behind an SDK error, if there was one. */
function httpFailure(
  error: unknown,
): { status: number; headers: Headers | undefined; code: string | null | undefined } | undefined {
  if (!(error instanceof OpenAI.APIError)) return undefined;
  const { status, headers, code } = error as InstanceType<typeof OpenAI.APIError>;
  return status === undefined ? undefined : { status, headers, code };
}

/** The portal's gateway refuses for the rest of the day when a daily token allowance is used up. */
const isQuotaExceeded = (failure: ReturnType<typeof httpFailure>) =>
  failure?.status === 429 && failure.code === "QUOTA_EXCEEDED";

/** The portal's gateway says so when no provider is configured behind it. */
const isModelNotConfigured = (failure: ReturnType<typeof httpFailure>) =>
  failure?.status === 503 && failure.code === "MODEL_NOT_CONFIGURED";

/** Retry on rate limits, server errors, timeouts, dropped connections and unreadable replies. */
export function adviseRetry(error: unknown): {
  retryable: boolean;
  retryAfterMs?: number | undefined;
} {
  if (error instanceof OpenAI.APIUserAbortError) return { retryable: false };
  const failure = httpFailure(error);
  if (isModelNotConfigured(failure) || isQuotaExceeded(failure)) return { retryable: false };
  if (failure) {
    const { status } = failure;
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    return { retryable, retryAfterMs: retryAfterMs(failure.headers) };
  }
  // Timeouts, connection errors, malformed JSON bodies, empty replies.
  return { retryable: true };
}

export function asRequestError(error: unknown): Error {
  if (error instanceof OpenAI.APIUserAbortError) return error;
  const failure = httpFailure(error);
  if (isModelNotConfigured(failure)) return new NoModelConfiguredError();
  if (failure) {
    const message = (error as Error).message.replace(/^\d{3} /, "");
    return new LlmRequestError(
      isQuotaExceeded(failure)
        ? message
        : failure.status === 429
          ? `The model provider kept refusing requests (rate limit): ${message}`
          : `The model provider failed: ${message}`,
      failure.status,
      { cause: error },
    );
  }
  return new LlmRequestError(
    `The model could not be reached or gave an unreadable answer: ${error instanceof Error ? error.message : String(error)}`,
    undefined,
    { cause: error },
  );
}

function parseReply<T>(
  content: string,
  schema: z.ZodType<T>,
): { success: true; value: T } | { success: false; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(stripCodeFence(content));
  } catch {
    return { success: false, problems: ["it is not valid JSON"] };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { success: true, value: parsed.data };
  return {
    success: false,
    problems: parsed.error.issues.map(
      (issue) => `${issue.path.length > 0 ? issue.path.join(".") : "the reply"}: ${issue.message}`,
    ),
  };
}

/** Some models wrap JSON in a Markdown code fence even when asked not to. */
function stripCodeFence(content: string): string {
  const fenced = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(content);
  return fenced ? fenced[1]! : content;
}

/**
 * Runs one request with its own signal that follows the caller's, unlinked when it ends: the SDK
 * leaves a listener on any signal it is given, and a long job reuses one signal for thousands
 * of requests.
 */
async function linkedTo<T>(
  signal: AbortSignal | undefined,
  work: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  if (!signal) return work(undefined);
  const controller = new AbortController();
  const abort = () => controller.abort(signal.reason);
  if (signal.aborted) abort();
  else signal.addEventListener("abort", abort, { once: true });
  try {
    return await work(controller.signal);
  } finally {
    signal.removeEventListener("abort", abort);
  }
}
