import { LlmClient, type ModelAccess } from "@bernard/llm";
import type { FakeChatRequest, FakeReply } from "@bernard/llm/testing";
import type { Minutes } from "@bernard/minutes-contract";

/** Model access straight to a fake OpenAI-compatible server, as the portal's gateway would give. */
export function fakeModels(url: string, model = "gpt-4o-mini"): ModelAccess {
  return {
    currentModel: async () => model,
    credentialFor: async (userToken) => userToken,
    client: (credential, chosen, attribution) =>
      new LlmClient({
        provider: { kind: "openai-compatible", baseUrl: url, apiKey: credential },
        model: chosen,
        attribution,
        retry: { baseDelayMs: 5, maxDelayMs: 20 },
        timeoutMs: 5_000,
      }),
  };
}

/** The minutes an AI-edit request carries (its last message), as the model would read them. */
export function minutesAsked(request: FakeChatRequest): Minutes {
  const data = request.messages.findLast(
    (message) => message.role === "user" && message.content.startsWith("{"),
  );
  return (JSON.parse(data!.content) as { minutes: Minutes }).minutes;
}

/** A stand-in model for AI edits: it shortens the summary to its first sentence, as asked. */
export function shortenSummary(request: FakeChatRequest): FakeReply {
  const minutes = minutesAsked(request);
  const first = /^[^.]*\./.exec(minutes.summary)?.[0] ?? minutes.summary;
  return { json: { ...minutes, summary: first } };
}
