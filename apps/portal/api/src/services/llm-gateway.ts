import { cacheKey, costOf, createSdkClient, type ResponseCache } from "@bernard/llm";
import { AppError } from "@bernard/toolkit";
import OpenAI, { toFile } from "openai";
import type { ChatCompletion, ChatCompletionChunk } from "openai/resources/chat/completions";
import type { LlmGatewayConfig } from "../config.js";
import type { PortalDatabase } from "./database.js";

/** Who is calling the gateway: the tool, the person it acts for, and (for background work) the job. */
export interface LlmCaller {
  toolId: string;
  userId: string;
  userEmail: string;
  jobId?: string | undefined;
  /** `id@version` of the prompt template, when the tool says. */
  prompt?: string | undefined;
}

const USER_DAILY_TOKENS_KEY = "llm.userDailyTokens";

/**
 * The portal's one door to the model provider. It holds the provider's key, applies the model an
 * admin chose for the tool, enforces daily token quotas per person and per tool before calling,
 * answers unchanged deterministic requests from the cache, and records every call's usage.
 */
export class LlmGateway {
  readonly #sdk: OpenAI | undefined;

  constructor(
    private readonly db: PortalDatabase,
    private readonly config: LlmGatewayConfig,
    private readonly cache: ResponseCache | undefined,
  ) {
    this.#sdk = config.provider && createSdkClient(config.provider, 120_000);
  }

  get models(): string[] {
    return this.config.models;
  }

  /** The model for a tool: the admin's choice if it is still allowed, else the first allowed. */
  /** The model a tool's calls go to; 503 when no provider is connected, so tools fall back early. */
  async modelFor(toolId: string): Promise<string> {
    this.#requireProvider();
    return this.#modelOf(await this.db.tool.findUnique({ where: { id: toolId } }));
  }

  #modelOf(tool: { llmModel: string | null } | null): string {
    const chosen = tool?.llmModel;
    return chosen && this.config.models.includes(chosen) ? chosen : this.config.models[0]!;
  }

  async userDailyTokens(): Promise<number> {
    const setting = await this.db.setting.findUnique({ where: { key: USER_DAILY_TOKENS_KEY } });
    return typeof setting?.value === "number" ? setting.value : this.config.userDailyTokens;
  }

  async setUserDailyTokens(tokens: number): Promise<void> {
    await this.db.setting.upsert({
      where: { key: USER_DAILY_TOKENS_KEY },
      create: { key: USER_DAILY_TOKENS_KEY, value: tokens },
      update: { value: tokens },
    });
  }

  /**
   * Refuses (429) before any provider call when the person or the tool has used today's tokens;
   * otherwise returns the model the tool's calls use (one read of the tool's settings for both).
   */
  async #admit(caller: LlmCaller): Promise<string> {
    const since = startOfUtcDay();
    const [tool, byUser, byTool, userLimit] = await Promise.all([
      this.db.tool.findUnique({ where: { id: caller.toolId } }),
      this.#tokensSince(since, { userId: caller.userId }),
      this.#tokensSince(since, { toolId: caller.toolId }),
      this.userDailyTokens(),
    ]);
    const toolLimit = tool?.llmDailyTokens ?? this.config.toolDailyTokens;
    const number = (value: number) => value.toLocaleString("en-GB");
    if (byUser >= userLimit) {
      throw new AppError(
        429,
        "QUOTA_EXCEEDED",
        `You have used your ${number(userLimit)} tokens for today across Bernard's tools. Your allowance starts again at midnight (UTC); if you need more today, ask your administrator.`,
      );
    }
    if (byTool >= toolLimit) {
      throw new AppError(
        429,
        "QUOTA_EXCEEDED",
        `This tool has used its ${number(toolLimit)} tokens for today, for everyone together. It starts again at midnight (UTC); ask your administrator to raise the tool's daily allowance if the work cannot wait.`,
      );
    }
    return this.#modelOf(tool);
  }

  /** A chat completion, answered from the cache when the same deterministic request was seen. */
  async chat(
    caller: LlmCaller,
    body: Record<string, unknown> & { stream?: boolean },
  ): Promise<
    | { kind: "json"; completion: ChatCompletion }
    | { kind: "stream"; chunks: AsyncIterable<ChatCompletionChunk>; finished: Promise<void> }
  > {
    const sdk = this.#requireProvider();
    const model = await this.#admit(caller);
    const request = { ...body, model } as Record<string, unknown>;
    const started = performance.now();

    if (body.stream === true) {
      const stream = await this.#call(caller, model, started, () =>
        sdk.chat.completions.create({
          ...(request as unknown as OpenAI.ChatCompletionCreateParamsStreaming),
          stream: true,
          stream_options: { include_usage: true },
        }),
      );
      let usage: OpenAI.CompletionUsage | undefined;
      let finish!: () => void;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      const record = () => this.#record(caller, "chat", model, usage, started, false, 200);
      async function* chunks(): AsyncIterable<ChatCompletionChunk> {
        try {
          for await (const chunk of stream) {
            if (chunk.usage) usage = chunk.usage;
            yield chunk;
          }
        } finally {
          await record();
          finish();
        }
      }
      return { kind: "stream", chunks: chunks(), finished };
    }

    const deterministic = (body.temperature ?? 0) === 0;
    const key =
      this.cache && deterministic ? cacheKey({ tool: caller.toolId, request }) : undefined;
    const cached = key ? await this.cache!.get(key) : undefined;
    if (cached) {
      const usage = {
        prompt_tokens: cached.promptTokens,
        completion_tokens: cached.completionTokens,
      };
      await this.#record(caller, "chat", cached.model, usage, started, true, 200);
      return { kind: "json", completion: completionFrom(cached) };
    }
    const completion = await this.#call(caller, model, started, () =>
      sdk.chat.completions.create(
        request as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming,
      ),
    );
    const content = completion.choices[0]?.message.content;
    if (key && typeof content === "string") {
      await this.cache!.set(key, {
        model: completion.model,
        content,
        promptTokens: completion.usage?.prompt_tokens ?? 0,
        completionTokens: completion.usage?.completion_tokens ?? 0,
      });
    }
    await this.#record(
      caller,
      "chat",
      completion.model || model,
      completion.usage,
      started,
      false,
      200,
    );
    return { kind: "json", completion };
  }

  async embed(
    caller: LlmCaller,
    body: Record<string, unknown>,
  ): Promise<OpenAI.CreateEmbeddingResponse> {
    const sdk = this.#requireProvider();
    await this.#admit(caller);
    const model = this.config.embeddingModel;
    const started = performance.now();
    const response = await this.#call(caller, model, started, () =>
      sdk.embeddings.create({ ...(body as unknown as OpenAI.EmbeddingCreateParams), model }),
    );
    await this.#record(caller, "embeddings", model, response.usage, started, false, 200);
    return response;
  }

  async transcribe(
    caller: LlmCaller,
    audio: { data: Buffer; filename: string; mimetype: string },
    fields: Record<string, string>,
  ): Promise<unknown> {
    const sdk = this.#requireProvider();
    await this.#admit(caller);
    const model = this.config.transcriptionModel;
    const started = performance.now();
    const file = await toFile(audio.data, audio.filename, { type: audio.mimetype });
    const response = await this.#call(caller, model, started, () =>
      sdk.audio.transcriptions.create({
        ...fields,
        file,
        model,
      } as OpenAI.Audio.TranscriptionCreateParamsNonStreaming),
    );
    await this.#record(caller, "audio", model, undefined, started, false, 200);
    return response;
  }

  #requireProvider(): OpenAI {
    if (!this.#sdk) {
      throw new AppError(
        503,
        "MODEL_NOT_CONFIGURED",
        "No AI model is configured for Bernard, so tools work without one. An administrator can connect a provider.",
      );
    }
    return this.#sdk;
  }

  /** Calls the provider; a refusal is recorded and passed on with its status and Retry-After. */
  async #call<T>(
    caller: LlmCaller,
    model: string,
    started: number,
    call: () => Promise<T>,
  ): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof OpenAI.APIError)) throw error;
      const { status, headers } = error as InstanceType<typeof OpenAI.APIError>;
      await this.#record(caller, "chat", model, undefined, started, false, status ?? 502);
      // Passed on as it came, so the tool's client can back off as the provider asked.
      throw new AppError(
        status ?? 502,
        "PROVIDER_ERROR",
        status === undefined
          ? "The model provider could not be reached. Try again in a few minutes."
          : `The model provider answered: ${error.message}`,
        undefined,
        headers?.get("retry-after") ?? undefined,
      );
    }
  }

  async #record(
    caller: LlmCaller,
    endpoint: string,
    model: string,
    usage: { prompt_tokens?: number; completion_tokens?: number } | undefined,
    started: number,
    cacheHit: boolean,
    status: number,
  ): Promise<void> {
    const promptTokens = usage?.prompt_tokens ?? 0;
    const completionTokens = usage?.completion_tokens ?? 0;
    await this.db.llmUsage.create({
      data: {
        toolId: caller.toolId,
        userId: caller.userId,
        userEmail: caller.userEmail,
        jobId: caller.jobId ?? null,
        endpoint,
        model,
        promptTokens,
        completionTokens,
        // A cache hit costs nothing and does not count against quotas; its tokens show the work saved.
        costUsd: cacheHit ? 0 : (costOf(model, promptTokens, completionTokens) ?? null),
        latencyMs: Math.round(performance.now() - started),
        cacheHit,
        prompt: caller.prompt ?? null,
        status,
      },
    });
  }

  async #tokensSince(since: Date, where: { userId?: string; toolId?: string }): Promise<number> {
    const sum = await this.db.llmUsage.aggregate({
      where: { ...where, at: { gte: since }, cacheHit: false },
      _sum: { promptTokens: true, completionTokens: true },
    });
    return (sum._sum.promptTokens ?? 0) + (sum._sum.completionTokens ?? 0);
  }
}

export function startOfUtcDay(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

function completionFrom(cached: {
  model: string;
  content: string;
  promptTokens: number;
  completionTokens: number;
}): ChatCompletion {
  return {
    id: `chatcmpl-cache-${Date.now()}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: cached.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: cached.content, refusal: null },
        finish_reason: "stop",
        logprobs: null,
      },
    ],
    usage: {
      prompt_tokens: cached.promptTokens,
      completion_tokens: cached.completionTokens,
      total_tokens: cached.promptTokens + cached.completionTokens,
    },
  };
}
