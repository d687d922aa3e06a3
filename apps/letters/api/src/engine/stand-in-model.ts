import type { FakeChatRequest, FakeReply } from "@bernard/llm/testing";
import type { DraftRequestData, ModelReply } from "./model.js";

/**
 * Answers the model engine's request as the offline engine would, for a fake OpenAI-compatible
 * server: each offered line the offline search matched to a point, word for word, under that
 * point. The model pipeline (redaction, validation, grounding
 * checks, re-asks) then runs end to end where no model is configured, in `pnpm eval letters`
 * and `pnpm bench letters`. What it writes is the offline engine's; it says nothing of a model.
 */
export function offlineStandIn(): (request: FakeChatRequest) => FakeReply {
  return (request) => {
    const data = JSON.parse(
      request.messages.find((message) => message.content.startsWith('{"points"'))?.content ?? "{}",
    ) as Partial<DraftRequestData>;
    const byPoint = new Map<number, ModelReply["paragraphs"][number]>();
    for (const line of data.lines ?? []) {
      const point = line.answers[0];
      if (point === undefined) continue;
      let paragraph = byPoint.get(point);
      if (!paragraph) byPoint.set(point, (paragraph = { points: [point], sentences: [] }));
      paragraph.sentences.push({ text: line.text, lines: [line.id] });
    }
    const reply: ModelReply = {
      paragraphs: [...byPoint.entries()]
        .sort(([a], [b]) => a - b)
        .map(([, paragraph]) => paragraph),
    };
    return { json: reply };
  };
}
