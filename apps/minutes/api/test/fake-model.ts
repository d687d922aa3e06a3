import type { FakeChatRequest, FakeReply } from "@bernard/llm/testing";
import type { Minutes } from "@bernard/minutes-contract";

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
