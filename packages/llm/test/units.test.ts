import { afterEach, describe, expect, it, vi } from "vitest";
import { modelEnvironment, modelSettings, Redactor, splitText } from "../src/index.js";
import { RateLimiter } from "../src/limiter.js";
import { retryAfterMs } from "../src/retry.js";
import { countTokens } from "../src/tokens.js";
import { costOf } from "../src/usage.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("rate limiter", () => {
  it("holds a request back until the last minute's requests leave room", async () => {
    vi.useFakeTimers();
    const limiter = new RateLimiter({ requestsPerMinute: 2 });
    await limiter.acquire(10);
    await limiter.acquire(10);
    let third = false;
    void limiter.acquire(10).then(() => (third = true));
    await vi.advanceTimersByTimeAsync(59_000);
    expect(third).toBe(false);
    await vi.advanceTimersByTimeAsync(1_100);
    expect(third).toBe(true);
  });

  it("counts tokens, corrected by what requests really used", async () => {
    vi.useFakeTimers();
    const limiter = new RateLimiter({ tokensPerMinute: 1_000 });
    const ticket = await limiter.acquire(900);
    limiter.settle(ticket, 300);
    let next = false;
    void limiter.acquire(600).then(() => (next = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(next).toBe(true);
  });
});

describe("Retry-After", () => {
  it("reads seconds, milliseconds and dates", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "3" }))).toBe(3_000);
    expect(retryAfterMs(new Headers({ "retry-after-ms": "250", "retry-after": "3" }))).toBe(250);
    expect(retryAfterMs(new Headers())).toBeUndefined();
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    expect(retryAfterMs(new Headers({ "retry-after": inTenSeconds }))).toBeGreaterThan(8_000);
  });
});

describe("redaction", () => {
  it("takes out each kind of personal data, the same value with the same placeholder", () => {
    const redactor = new Redactor();
    const text = redactor.redact(
      "Dear Mrs Patel, call 020 7946 0018 or +44 7700 900123. Write to M1 1AE. Email a.b@x.org twice: a.b@x.org.\nKind regards,\nTom Jones",
    );
    expect(text).toBe(
      "Dear Mrs [NAME_1], call [PHONE_1] or [PHONE_2]. Write to [POSTCODE_1]. Email [EMAIL_1] twice: [EMAIL_1].\nKind regards,\n[NAME_2]",
    );
    expect(redactor.found).toEqual({ EMAIL: 1, PHONE: 2, POSTCODE: 1, NAME: 2 });
    expect(redactor.restoreDeep({ summary: ["[NAME_1] wrote from [POSTCODE_1]"] })).toEqual({
      summary: ["Patel wrote from M1 1AE"],
    });
  });

  it("leaves ordinary text alone", () => {
    const text = "In 2024 we consulted 1,200 people about the A1 and route 66.";
    expect(new Redactor().redact(text)).toBe(text);
  });
});

describe("model settings", () => {
  const settings = (env: Record<string, string>) => modelSettings(modelEnvironment.parse(env));

  it("means no model when nothing is set", () => {
    expect(settings({})).toEqual({
      provider: undefined,
      models: ["gpt-4o-mini"],
      requestsPerMinute: undefined,
      tokensPerMinute: undefined,
    });
  });

  it("works out the provider from what is set", () => {
    expect(settings({ BERNARD_LLM_API_KEY: "sk" }).provider).toEqual({
      kind: "openai",
      apiKey: "sk",
      baseUrl: undefined,
    });
    expect(
      settings({
        BERNARD_LLM_BASE_URL: "http://localhost:11434/v1",
        BERNARD_LLM_MODELS: "llama3.1, qwen2.5",
      }),
    ).toMatchObject({
      provider: { kind: "openai-compatible", baseUrl: "http://localhost:11434/v1" },
      models: ["llama3.1", "qwen2.5"],
    });
    expect(
      settings({
        BERNARD_LLM_AZURE_ENDPOINT: "https://dept.openai.azure.com",
        BERNARD_LLM_API_KEY: "k",
      }).provider,
    ).toEqual({
      kind: "azure",
      apiKey: "k",
      endpoint: "https://dept.openai.azure.com",
      apiVersion: "2024-10-21",
    });
  });

  it("says which setting is missing", () => {
    expect(() => settings({ BERNARD_LLM_PROVIDER: "azure", BERNARD_LLM_API_KEY: "k" })).toThrow(
      "BERNARD_LLM_PROVIDER is azure, so BERNARD_LLM_AZURE_ENDPOINT is needed too.",
    );
  });
});

describe("prices", () => {
  it("prices dated model names like their family, and says nothing for unknown models", () => {
    expect(costOf("gpt-4o-mini-2024-07-18", 1_000_000, 1_000_000)).toBeCloseTo(0.75);
    expect(costOf("llama3.1", 1000, 1000)).toBeUndefined();
  });
});

describe("long texts", () => {
  it("splits into chunks under the token limit that together keep every word", async () => {
    const paragraphs = Array.from(
      { length: 40 },
      (_, index) => `Paragraph ${index}. ${"The committee discussed the budget. ".repeat(12)}`,
    );
    const chunks = await splitText(paragraphs.join("\n\n"), {
      chunkTokens: 300,
      overlapTokens: 20,
    });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(countTokens(chunk)).toBeLessThanOrEqual(300);
    for (let index = 0; index < 40; index += 1) {
      expect(chunks.some((chunk) => chunk.includes(`Paragraph ${index}.`))).toBe(true);
    }
  });
});
