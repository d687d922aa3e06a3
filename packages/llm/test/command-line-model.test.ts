import { afterAll, beforeAll, expect, it } from "vitest";
import { commandLineModelClient } from "../src/index.js";
import { startFakeOpenAi, type FakeOpenAi } from "../src/testing/fake-openai.js";

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi({ reply: (request) => ({ content: `to ${request.model}` }) });
});
afterAll(() => fake.close());

const named = { command: "pnpm letters", tool: "letters" };

it("gives no client when the settings name no provider, so the command can say so", () => {
  expect(commandLineModelClient({}, named)).toBeUndefined();
  expect(commandLineModelClient({ BERNARD_LLM_PROVIDER: "none" }, named)).toBeUndefined();
});

it("calls the first model the settings list, at the provider they name", async () => {
  const client = commandLineModelClient(
    {
      BERNARD_LLM_BASE_URL: fake.url,
      BERNARD_LLM_MODELS: "small-model, large-model",
      BERNARD_LLM_REQUESTS_PER_MINUTE: "30",
    },
    named,
  );
  expect(client?.model).toBe("small-model");
  const reply = await client!.chat({ messages: [{ role: "user", content: "hello" }] });
  expect(reply.content).toBe("to small-model");
  expect(fake.chatRequests()).toHaveLength(1);
});

it("stops the command with each wrong setting named", () => {
  expect(() =>
    commandLineModelClient(
      { BERNARD_LLM_BASE_URL: "not a url", BERNARD_LLM_TOKENS_PER_MINUTE: "-1" },
      named,
    ),
  ).toThrow(
    /^pnpm letters cannot start because its model settings are not valid:\n {2}BERNARD_LLM_BASE_URL: BERNARD_LLM_BASE_URL must be a URL.*\n {2}BERNARD_LLM_TOKENS_PER_MINUTE: /,
  );
  expect(() => commandLineModelClient({ BERNARD_LLM_PROVIDER: "openai" }, named)).toThrow(
    "BERNARD_LLM_PROVIDER is openai, so BERNARD_LLM_API_KEY is needed too.",
  );
});
