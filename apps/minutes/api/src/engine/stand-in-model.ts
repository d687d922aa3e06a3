import type { FakeChatRequest, FakeReply } from "@bernard/llm/testing";
import type { Turn } from "../transcripts/types.js";
import { stageOf, type PartReply } from "./model.js";
import { draftMinutes } from "./offline.js";

/**
 * Answers the model engine's requests with the offline engine, for a fake OpenAI-compatible
 * server: the model pipeline (parts within the request limit, citation checks, re-asks, steps)
 * then runs end to end where no model is configured, in `pnpm eval minutes` and `pnpm bench
 * minutes`. What it writes is the offline engine's; the figures that matter come from a model.
 */
export function offlineStandIn(): (request: FakeChatRequest) => FakeReply {
  return (request) => {
    const messages = request.messages;
    // The data is the third message; a re-ask adds the reply and what was wrong after it.
    const data = JSON.parse(messages[2]?.content ?? "{}") as {
      turns?: { n: number; speaker: string; text: string }[];
      topics?: { id: string; title: string; points?: { text: string }[] }[];
    };
    switch (stageOf(messages)) {
      case "read-part":
        return { json: readPart(data.turns ?? []) };
      case "combine": {
        const topics = data.topics ?? [];
        const titles = topics.map((topic) => topic.title.toLowerCase());
        const points = topics.flatMap((topic) => (topic.points ?? []).slice(0, 1));
        return {
          json: {
            summary: [
              `The meeting covered ${titles.slice(0, 6).join(", ") || "one subject"}.`,
              ...points.slice(0, 6).map((point) => point.text),
            ].join(" "),
            items: topics.map((topic) => ({ title: topic.title, topics: [topic.id] })),
            sections: [],
          },
        };
      }
      default:
        return { status: 400, message: "Not a request of the minute summariser's model engine." };
    }
  };
}

/** One part read by the offline engine, its turns numbered as the transcript numbers them. */
function readPart(entries: { n: number; speaker: string; text: string }[]): PartReply {
  const turns: Turn[] = entries.map((entry, index) => ({
    index,
    speaker: entry.speaker,
    text: entry.text,
  }));
  const minutes = draftMinutes(turns);
  const cite = (local: number[]) => local.map((index) => entries[index]!.n);
  const point = (entry: { text: string; turns: number[] }) => ({
    text: entry.text,
    turns: cite(entry.turns),
  });
  return {
    topics: minutes.items.map((item) => ({ title: item.title, points: item.points.map(point) })),
    decisions: minutes.decisions.map(point),
    actions: minutes.actions.map((action) => ({
      ...point(action),
      owner: action.owner,
      due: action.due,
      dueText: action.dueText,
    })),
    attendees: minutes.attendees,
    apologies: minutes.apologies,
    declarations: minutes.declarations.map(point),
  };
}
