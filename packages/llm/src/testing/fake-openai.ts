import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { seededRandom } from "@bernard/nlp";
import { LlmClient } from "../client.js";
import type { ModelAccess } from "../engines.js";
import { countMessageTokens, countTokens } from "../tokens.js";

/** A chat request as the fake received it. */
export interface FakeChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

/** What the fake answers with. */
export type FakeReply =
  | { content: string }
  | { json: unknown }
  | { status: number; message?: string; retryAfterSeconds?: number }
  /** Never answers (until the client gives up or the server closes). */
  | { hang: true }
  /** A 200 whose body is cut off mid-JSON. */
  | { malformed: true };

export type FailureKind =
  | "server-error"
  | "rate-limit"
  | "hang"
  | "malformed-json"
  | "missing-item"
  | "extra-item"
  | "duplicate-item";

export interface FakeOpenAiOptions {
  /** Answers each chat request; default: `{ content: "OK" }`. */
  reply?: (request: FakeChatRequest) => FakeReply | Promise<FakeReply>;
  /** Answers taken in order before `reply` is asked (one per request). */
  script?: FakeReply[];
  /** Added before every answer. */
  latencyMs?: number;
  /** Requests and tokens per minute; over them the fake answers 429 with Retry-After. */
  limits?: { requestsPerMinute?: number; tokensPerMinute?: number };
  /** A share of requests (0–1) fail in one of these ways, chosen by a seeded random generator. */
  failures?: { rate: number; kinds: FailureKind[]; seed?: number };
  /** Embedding vectors for texts; default: a small vector derived from each text. */
  embed?: (text: string) => number[];
  /** The text of an uploaded audio file; default: "transcribed <n> bytes". */
  transcribe?: (audio: Buffer) => string;
}

export interface LoggedRequest {
  at: number;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** What the fake did: the status it sent, or "hang". */
  outcome: number | "hang";
  /** Tokens in the reply, for answered chat requests. */
  completionTokens?: number;
}

export interface FakeOpenAi {
  /** The base URL to give an OpenAI client, ending in /v1. */
  url: string;
  requests: LoggedRequest[];
  /** Chat requests only, for counting calls to the model. */
  chatRequests(): LoggedRequest[];
  /** Change behaviour between tests. */
  configure(options: FakeOpenAiOptions): void;
  close(): Promise<void>;
}

const WINDOW_MS = 60_000;

/**
 * An OpenAI-compatible server over real HTTP for tests and benchmarks: chat completions (JSON and
 * streamed), embeddings, audio transcriptions and the model list, with scripted or handler-based
 * replies, latency, per-minute limits answered with 429 + Retry-After, injected failures, and a
 * log of every request.
 */
export async function startFakeOpenAi(initial: FakeOpenAiOptions = {}): Promise<FakeOpenAi> {
  let options = initial;
  let script = [...(initial.script ?? [])];
  let random = seededRandom(initial.failures?.seed ?? 1);
  const requests: LoggedRequest[] = [];
  const window: { at: number; tokens: number }[] = [];
  const hanging = new Set<ServerResponse>();

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, errorBody(String(error)));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const path = (request.url ?? "").split("?")[0]!;
    const log = (body: unknown, outcome: number | "hang", completionTokens?: number) =>
      requests.push({
        at: Date.now(),
        method: request.method ?? "",
        path,
        headers: request.headers,
        body,
        outcome,
        ...(completionTokens === undefined ? {} : { completionTokens }),
      });

    if (request.method === "GET" && path.endsWith("/models")) {
      log(undefined, 200);
      return sendJson(response, 200, {
        object: "list",
        data: [{ id: "fake-model", object: "model" }],
      });
    }
    if (path.endsWith("/audio/transcriptions")) {
      log({ bytes: raw.length }, 200);
      const text = options.transcribe?.(raw) ?? `transcribed ${raw.length} bytes`;
      return sendJson(response, 200, { text });
    }
    const body = JSON.parse(raw.toString("utf8") || "{}") as Record<string, unknown>;
    if (path.endsWith("/embeddings")) {
      const inputs = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input)];
      log(body, 200);
      const tokens = inputs.reduce((total, input) => total + countTokens(input), 0);
      return sendJson(response, 200, {
        object: "list",
        model: body.model,
        data: inputs.map((input, index) => {
          const vector = options.embed?.(input) ?? toyEmbedding(input);
          // The openai SDK asks for base64 (packed float32) unless told otherwise.
          const embedding =
            body.encoding_format === "base64"
              ? Buffer.from(new Float32Array(vector).buffer).toString("base64")
              : vector;
          return { object: "embedding", index, embedding };
        }),
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      });
    }
    if (!path.endsWith("/chat/completions")) {
      log(body, 404);
      return sendJson(response, 404, errorBody(`No route ${path}`));
    }

    const chat: FakeChatRequest = {
      model: String(body.model),
      messages: (body.messages as FakeChatRequest["messages"] | undefined) ?? [],
      body,
      headers: request.headers,
    };
    const promptTokens = countMessageTokens(chat.messages);
    const limited = overLimit(promptTokens);
    if (limited !== undefined) {
      log(body, 429);
      response.setHeader("retry-after", String(limited));
      return sendJson(
        response,
        429,
        errorBody("Rate limit reached. Try again later.", "rate_limit_exceeded"),
      );
    }
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));

    const failure = pickFailure();
    let reply: FakeReply = script.shift() ?? (await (options.reply?.(chat) ?? { content: "OK" }));
    if (failure === "server-error") reply = { status: 500, message: "Injected server error" };
    if (failure === "rate-limit") reply = { status: 429, retryAfterSeconds: 1 };
    if (failure === "hang") reply = { hang: true };
    if (failure === "malformed-json") reply = { malformed: true };

    if ("hang" in reply) {
      log(body, "hang");
      hanging.add(response);
      response.on("close", () => hanging.delete(response));
      return;
    }
    if ("status" in reply) {
      log(body, reply.status);
      if (reply.retryAfterSeconds !== undefined)
        response.setHeader("retry-after", String(reply.retryAfterSeconds));
      return sendJson(
        response,
        reply.status,
        errorBody(reply.message ?? `Injected ${reply.status}`),
      );
    }
    if ("malformed" in reply) {
      log(body, 200);
      response.writeHead(200, { "content-type": "application/json" });
      response.end('{"id":"chatcmpl-fake","choices":[{"message":{"content":"{\\"res');
      return;
    }
    let content = "json" in reply ? JSON.stringify(reply.json) : reply.content;
    if (failure === "missing-item" || failure === "extra-item" || failure === "duplicate-item") {
      content = alterItems(content, failure);
    }
    const completionTokens = countTokens(content);
    window[window.length - 1]!.tokens += completionTokens;
    log(body, 200, completionTokens);
    if (body.stream === true)
      return streamChat(response, chat.model, content, promptTokens, completionTokens);
    return sendJson(response, 200, {
      id: `chatcmpl-fake-${requests.length}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: chat.model,
      choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    });
  }

  /** Seconds until the request would fit, or undefined if it fits now (and is then counted). */
  function overLimit(tokens: number): number | undefined {
    const now = Date.now();
    while (window.length > 0 && window[0]!.at <= now - WINDOW_MS) window.shift();
    const { requestsPerMinute, tokensPerMinute } = options.limits ?? {};
    const used = window.reduce((total, entry) => total + entry.tokens, 0);
    const overRequests = requestsPerMinute !== undefined && window.length >= requestsPerMinute;
    const overTokens = tokensPerMinute !== undefined && used + tokens > tokensPerMinute;
    if (overRequests || overTokens) {
      const oldest = window[0]?.at ?? now;
      return Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000));
    }
    window.push({ at: now, tokens });
    return undefined;
  }

  function pickFailure(): FailureKind | undefined {
    const failures = options.failures;
    if (!failures || failures.kinds.length === 0 || random() >= failures.rate) return undefined;
    return failures.kinds[Math.floor(random() * failures.kinds.length)];
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests: () => requests.filter((entry) => entry.path.endsWith("/chat/completions")),
    configure(next) {
      options = next;
      script = [...(next.script ?? [])];
      random = seededRandom(next.failures?.seed ?? 1);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Changes the first array in a JSON reply: one entry dropped, an unknown one added, or one twice. */
function alterItems(
  content: string,
  kind: "missing-item" | "extra-item" | "duplicate-item",
): string {
  let reply: Record<string, unknown>;
  try {
    reply = JSON.parse(content) as Record<string, unknown>;
  } catch {
    return content;
  }
  const key = Object.keys(reply).find((name) => Array.isArray(reply[name]));
  const items = key ? [...(reply[key] as unknown[])] : undefined;
  if (!key || !items || items.length === 0) return content;
  if (kind === "missing-item") items.splice(items.length - 1, 1);
  if (kind === "extra-item") items.push({ ...(items[0] as object), id: "not-asked-for" });
  if (kind === "duplicate-item") items.push(items[0]);
  return JSON.stringify({ ...reply, [key]: items });
}

function streamChat(
  response: ServerResponse,
  model: string,
  content: string,
  promptTokens: number,
  completionTokens: number,
): void {
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    response.write(
      `data: ${JSON.stringify({ id: "chatcmpl-fake", object: "chat.completion.chunk", model, choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`,
    );
  chunk({ role: "assistant", content: "" });
  for (const piece of content.match(/.{1,8}/gs) ?? []) chunk({ content: piece });
  response.write(
    `data: ${JSON.stringify({ id: "chatcmpl-fake", object: "chat.completion.chunk", model, choices: [], usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens } })}\n\n`,
  );
  response.end("data: [DONE]\n\n");
}

/** A deterministic 8-number vector for a text, so similar tests get equal embeddings. */
function toyEmbedding(text: string): number[] {
  const vector = new Array<number>(8).fill(0);
  for (let index = 0; index < text.length; index += 1)
    vector[index % 8]! += text.charCodeAt(index) / 1000;
  return vector;
}

function errorBody(message: string, code = "fake_error") {
  return { error: { message, type: code, code } };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A reply handler for batch requests: `result(item)` for each item sent in the last message. */
export function batchReply(
  result: (item: { id: string; text: string }) => Record<string, unknown>,
): (request: FakeChatRequest) => FakeReply {
  return (request) => {
    const last = request.messages[request.messages.length - 1]?.content ?? "{}";
    const { items = [] } = JSON.parse(last) as { items?: { id: string; text: string }[] };
    return { json: { results: items.map((item) => ({ id: item.id, ...result(item) })) } };
  };
}

/**
 * Model access straight to a fake server, as the portal's gateway would give a tool: the model
 * is `model`, the credential the user's token, retries quick. The timeout is the product's: the
 * fake shares the test's process, which a loaded machine can stall for seconds, and a timed-out
 * request is sent again, doubling the requests a test counts.
 */
export function fakeModelAccess(url: string, model = "gpt-4o-mini"): ModelAccess {
  return {
    currentModel: async () => model,
    credentialFor: async (userToken) => userToken,
    client: (credential, chosen, attribution) =>
      new LlmClient({
        provider: { kind: "openai-compatible", baseUrl: url, apiKey: credential },
        model: chosen,
        attribution,
        retry: { baseDelayMs: 5, maxDelayMs: 20 },
      }),
  };
}

/** A canonical PCM WAV recording (16 kHz, 16-bit mono: 32,000 bytes a second) of silence. */
export function silentWav(seconds: number): Uint8Array {
  const samples = 32_000 * seconds;
  const file = Buffer.alloc(44 + samples);
  file.write("RIFF", 0, "latin1");
  file.writeUInt32LE(36 + samples, 4);
  file.write("WAVEfmt ", 8, "latin1");
  // Chunk size, PCM, mono, samples a second, bytes a second, bytes a sample, bits a sample.
  [16, 1, 1, 16_000, 32_000, 2, 16].reduce((at, value, i) => {
    const wide = i === 0 || i === 3 || i === 4;
    if (wide) file.writeUInt32LE(value, at);
    else file.writeUInt16LE(value, at);
    return at + (wide ? 4 : 2);
  }, 16);
  file.write("data", 36, "latin1");
  file.writeUInt32LE(samples, 40);
  return file;
}
