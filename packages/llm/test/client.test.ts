import { getEventListeners } from "node:events";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  LlmClient,
  LlmRequestError,
  NoModelConfiguredError,
  StructuredOutputError,
  definePrompt,
  mapReduce,
  type LlmClientOptions,
  type UsageRecord,
} from "../src/index.js";
import { startFakeOpenAi, type FakeOpenAi } from "../src/testing/fake-openai.js";

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.configure({});
});

const client = (options: Partial<LlmClientOptions> = {}) =>
  new LlmClient({
    provider: { kind: "openai-compatible", baseUrl: fake.url, apiKey: "test-key" },
    model: "gpt-4o-mini",
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
    ...options,
  });

describe("chat", () => {
  it("calls the model through the openai SDK over HTTP", async () => {
    fake.configure({
      reply: (request) => ({ content: `You said: ${request.messages[0]!.content}` }),
    });
    const result = await client().chat({ messages: [{ role: "user", content: "hello" }] });
    expect(result).toMatchObject({
      content: "You said: hello",
      model: "gpt-4o-mini",
      cacheHit: false,
    });
    expect(result.promptTokens).toBeGreaterThan(0);
    const [request] = fake.chatRequests();
    expect(request!.headers.authorization).toBe("Bearer test-key");
    expect(request!.body).toMatchObject({ model: "gpt-4o-mini", temperature: 0 });
  });

  it("retries server errors, dropped replies and timeouts, then succeeds", async () => {
    fake.configure({
      script: [{ status: 500 }, { malformed: true }, { hang: true }, { content: "at last" }],
    });
    const llm = client({ timeoutMs: 300 });
    const result = await llm.chat({ messages: [{ role: "user", content: "hi" }] });
    expect(result.content).toBe("at last");
    expect(fake.chatRequests().map((request) => request.outcome)).toEqual([500, 200, "hang", 200]);
    expect(llm.stats).toMatchObject({ requests: 4, retries: 3 });
  });

  it("waits as long as Retry-After says, not its own (here much longer) backoff", async () => {
    fake.configure({ script: [{ status: 429, retryAfterSeconds: 0 }, { content: "fine" }] });
    // With a 10-minute backoff the test would time out unless Retry-After: 0 is honoured.
    const llm = client({ retry: { baseDelayMs: 600_000, maxDelayMs: 600_000 } });
    expect((await llm.chat({ messages: [{ role: "user", content: "hi" }] })).content).toBe("fine");
    expect(llm.stats.retries).toBe(1);
  });

  it("does not retry a request the provider refuses as wrong, and says why", async () => {
    fake.configure({ script: [{ status: 400, message: "This model does not exist" }] });
    const error = await client()
      .chat({ messages: [{ role: "user", content: "hi" }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LlmRequestError);
    expect((error as LlmRequestError).status).toBe(400);
    expect((error as Error).message).toContain("This model does not exist");
    expect(fake.chatRequests()).toHaveLength(1);
  });

  it("gives up after its retries with a typed error", async () => {
    fake.configure({ reply: () => ({ status: 503 }) });
    const llm = client({ retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    await expect(llm.chat({ messages: [{ role: "user", content: "hi" }] })).rejects.toBeInstanceOf(
      LlmRequestError,
    );
    expect(fake.chatRequests()).toHaveLength(3);
  });

  it("stops when the caller's signal aborts, and leaves no listener on it after each call", async () => {
    const controller = new AbortController();
    const llm = client();
    for (let call = 0; call < 15; call += 1)
      await llm.chat({ messages: [{ role: "user", content: "Hi" }], signal: controller.signal });
    // A job passes one signal to thousands of calls: none may stay attached to it.
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);

    fake.configure({ reply: () => ({ hang: true }) });
    const pending = llm.chat({
      messages: [{ role: "user", content: "Hi" }],
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toThrow("Request was aborted.");
    const sent = fake.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.requests).toHaveLength(sent); // an aborted request is not retried
  });

  it("says plainly when no model is configured, without any request", async () => {
    const offline = new LlmClient({ provider: undefined, model: "gpt-4o-mini" });
    expect(offline.configured).toBe(false);
    await expect(
      offline.chat({ messages: [{ role: "user", content: "hi" }] }),
    ).rejects.toBeInstanceOf(NoModelConfiguredError);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("structured generation", () => {
  const theme = z.object({
    label: z.string().min(1),
    stance: z.enum(["support", "oppose", "neutral"]),
  });

  it("returns a validated, typed object and sends the JSON Schema", async () => {
    fake.configure({ reply: () => ({ json: { label: "Cost of living", stance: "oppose" } }) });
    const { value } = await client().generateObject({
      messages: [{ role: "user", content: "Name the theme" }],
      schema: theme,
      schemaName: "theme",
    });
    expect(value).toEqual({ label: "Cost of living", stance: "oppose" });
    const format = (fake.chatRequests()[0]!.body as { response_format: any }).response_format;
    expect(format.type).toBe("json_schema");
    expect(format.json_schema.schema.properties.stance.enum).toEqual([
      "support",
      "oppose",
      "neutral",
    ]);
  });

  it("sends a bad reply back with what was wrong, and uses the repaired one", async () => {
    fake.configure({
      script: [
        { content: "Sure! The theme is cost of living." },
        { json: { label: "Cost of living", stance: "against" } },
        { json: { label: "Cost of living", stance: "oppose" } },
      ],
    });
    const { value } = await client().generateObject({
      messages: [{ role: "user", content: "Name the theme" }],
      schema: theme,
    });
    expect(value.stance).toBe("oppose");
    const [, second, third] = fake.chatRequests();
    const lastMessage = (request: typeof second) =>
      (request!.body as { messages: { content: string }[] }).messages.at(-1)!.content;
    expect(lastMessage(second)).toContain("it is not valid JSON");
    expect(lastMessage(third)).toContain("stance: Invalid option");
  });

  it("raises StructuredOutputError with the last reply after the repairs run out", async () => {
    fake.configure({ reply: () => ({ json: { label: "" } }) });
    const error = await client()
      .generateObject({ messages: [{ role: "user", content: "x" }], schema: theme, maxRepairs: 1 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect((error as StructuredOutputError).lastReply).toBe('{"label":""}');
    expect(fake.chatRequests()).toHaveLength(2);
  });

  it("accepts JSON wrapped in a Markdown code fence", async () => {
    fake.configure({
      reply: () => ({ content: '```json\n{"label":"Roads","stance":"neutral"}\n```' }),
    });
    const { value } = await client().generateObject({
      messages: [{ role: "user", content: "x" }],
      schema: theme,
    });
    expect(value.label).toBe("Roads");
  });
});

describe("metering and attribution", () => {
  it("records every call's tokens, cost, latency, prompt version and who it was for", async () => {
    const records: UsageRecord[] = [];
    const summarise = definePrompt<{ text: string }>({
      id: "minutes.summarise",
      version: "3",
      system: "Summarise the meeting.",
      user: ({ text }) => text,
    });
    fake.configure({ reply: () => ({ content: "A short summary." }) });
    await client({
      attribution: { tool: "minutes", user: "user-1" },
      onUsage: (record) => records.push(record),
    }).chat({
      ...summarise.with({ text: "We met and agreed." }),
      attribution: { job: "job-42" },
    });
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record).toMatchObject({
      tool: "minutes",
      user: "user-1",
      job: "job-42",
      model: "gpt-4o-mini",
      cacheHit: false,
      prompt: { id: "minutes.summarise", version: "3" },
    });
    expect(record!.promptTokens).toBeGreaterThan(5);
    expect(record!.completionTokens).toBe(4);
    expect(record!.costUsd).toBeCloseTo((record!.promptTokens * 0.15 + 4 * 0.6) / 1e6, 12);
    const headers = fake.chatRequests()[0]!.headers;
    expect(headers["x-bernard-job"]).toBe("job-42");
    expect(headers["x-bernard-prompt"]).toBe("minutes.summarise@3");
  });
});

describe("redaction", () => {
  it("sends placeholders instead of personal data, and restores them in the reply", async () => {
    fake.configure({
      reply: (request) => ({
        content: `Reply to ${/\[EMAIL_1\]/.exec(request.messages[0]!.content)?.[0]} and [NAME_1].`,
      }),
    });
    const result = await client().chat({
      redact: true,
      messages: [
        {
          role: "user",
          content:
            "My name is Jane Smith, email jane.smith@example.com, phone 07700 900123, NI number QQ 12 34 56 C, postcode SW1A 2AA.",
        },
      ],
    });
    const sent = (fake.chatRequests()[0]!.body as { messages: { content: string }[] }).messages[0]!
      .content;
    expect(sent).toBe(
      "My name is [NAME_1], email [EMAIL_1], phone [PHONE_1], NI number [NI_NUMBER_1], postcode [POSTCODE_1].",
    );
    expect(result.content).toBe("Reply to jane.smith@example.com and Jane Smith.");
  });
});

describe("providers", () => {
  it("talks to Azure OpenAI through its deployment URL and api-version", async () => {
    fake.configure({ reply: () => ({ content: "from Azure" }) });
    const azure = new LlmClient({
      provider: {
        kind: "azure",
        apiKey: "azure-key",
        endpoint: fake.url.replace(/\/v1$/, ""),
        apiVersion: "2024-10-21",
      },
      model: "gpt-4o-mini",
    });
    expect((await azure.chat({ messages: [{ role: "user", content: "hi" }] })).content).toBe(
      "from Azure",
    );
    const [request] = fake.chatRequests();
    expect(request!.path).toBe("/openai/deployments/gpt-4o-mini/chat/completions");
    expect(request!.headers["api-key"]).toBe("azure-key");
  });

  it("embeds texts in order", async () => {
    const { model, vectors } = await client().embed(["one", "two"]);
    expect(model).toBe("text-embedding-3-small");
    expect(vectors).toHaveLength(2);
    expect(vectors[0]).not.toEqual(vectors[1]);
  });
});

describe("map-reduce over a long document", () => {
  it("reads each chunk, then combines the parts, validating both", async () => {
    fake.configure({
      reply: (request) => {
        const last = request.messages.at(-1)!.content;
        return last.startsWith("Combine")
          ? { json: { decisions: JSON.parse(last.slice("Combine ".length)) as string[] } }
          : { json: { decision: `decided about ${last}` } };
      },
    });
    const whole = await mapReduce(client(), {
      chunks: ["roads", "schools", "parks"],
      map: (chunk) => ({
        messages: [{ role: "user", content: chunk }],
        schema: z.object({ decision: z.string() }),
      }),
      reduce: (parts) => ({
        messages: [
          {
            role: "user",
            content: `Combine ${JSON.stringify(parts.map((part) => part.decision))}`,
          },
        ],
        schema: z.object({ decisions: z.array(z.string()) }),
      }),
    });
    expect(whole.decisions).toEqual([
      "decided about roads",
      "decided about schools",
      "decided about parks",
    ]);
    expect(fake.chatRequests()).toHaveLength(4);
  });
});
