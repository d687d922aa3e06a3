import type { FakeChatRequest, FakeReply } from "@bernard/llm/testing";
import { stageOf, themesInPrompt, type ModelStage } from "../src/engine/model.js";

/** The points the scripted model recognises, by the words that show them. */
const POINTS = [
  { words: /shift|work|job|staff/i, label: "Getting to work", stance: "oppose" },
  { words: /college|school|daughter|young/i, label: "Reaching college safely", stance: "oppose" },
  { words: /taxi|£/i, label: "Cost of taxis", stance: "oppose" },
  { words: /empty|money|costs|fewest/i, label: "Saving public money", stance: "support" },
  { words: /older|isolat|stuck|villages/i, label: "Isolation in villages", stance: "oppose" },
] as const;

/** Which stage of the sorter's pipeline a request belongs to. */
export function kindOf(request: { messages: { role: string; content: string }[] }): ModelStage {
  const stage = stageOf(request.messages);
  if (!stage) throw new Error("A request that is not part of the sorter's pipeline");
  return stage;
}

/**
 * A stand-in for a model that answers every stage of the sorter's pipeline from keywords, as a
 * model would: themes from the responses it is shown (the same theme from several batches, so
 * condensing has duplicates to merge), mapping by the same words, write-ups quoting a response.
 */
export function scriptedModel(request: FakeChatRequest): FakeReply {
  const messages = request.messages;
  const last = JSON.parse(
    messages.at(-1)!.content.startsWith("{") ? messages.at(-1)!.content : "{}",
  ) as {
    responses?: { id: string; text: string }[];
    items?: { id: string; text: string }[];
  };
  switch (kindOf(request)) {
    case "generate": {
      const texts = (last.responses ?? []).map((response) => response.text);
      const found = POINTS.filter((point) => texts.some((text) => point.words.test(text)));
      return {
        json: {
          themes: found.map((point) => ({
            label: point.label,
            description: `People mention ${point.label.toLowerCase()}.`,
            stance: point.stance,
          })),
        },
      };
    }
    case "condense": {
      const themes = themesInPrompt(messages) as { label: string }[];
      const unique = [...new Map(themes.map((theme) => [theme.label, theme])).values()];
      return { json: { themes: unique } };
    }
    case "refine": {
      const themes = themesInPrompt(messages) as {
        id: string;
        label: string;
        description: string;
      }[];
      return {
        json: { themes: themes.map(({ id, label, description }) => ({ id, label, description })) },
      };
    }
    case "map": {
      const themes = themesInPrompt(messages) as { id: string; label: string }[];
      const idOf = (label: string) => themes.find((theme) => theme.label === label)?.id;
      return {
        json: {
          results: (last.items ?? []).map((item) => {
            const points = POINTS.filter((point) => point.words.test(item.text));
            const ids = points.map((point) => idOf(point.label)).filter(Boolean);
            const opposed = /^\[(strongly )?disagree\]/i.test(item.text);
            return {
              id: item.id,
              themeIds: ids.length > 0 ? ids : [item.text.length < 30 ? "no-reason" : "other"],
              stance: opposed
                ? "oppose"
                : /^\[(strongly )?agree\]/i.test(item.text)
                  ? "support"
                  : "neutral",
              rationale:
                points.length > 0
                  ? `Mentions ${points.map((p) => p.label).join(", ")}.`
                  : "No theme fits.",
              evidenceRich: /£|\d/.test(item.text),
              evidenceReason: /£|\d/.test(item.text) ? "Gives figures." : "",
            };
          }),
        },
      };
    }
    case "write-up": {
      const responses = last.responses ?? [];
      return {
        json: {
          summary: `${responses.length} responses make this point.`,
          // One real quote, and one ID the model made up, which the sorter must drop.
          quoteIds: [responses[0]!.id, "made-up-id"],
        },
      };
    }
  }
}
