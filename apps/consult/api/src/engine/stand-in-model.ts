import type { FakeChatRequest, FakeReply } from "@bernard/llm/testing";
import { stageOf, THEMES_PER_REPLY, themesInPrompt } from "./model.js";
import { OfflineEngine } from "./offline.js";
import type { ConsultationResponse, Theme } from "./types.js";

/**
 * Answers the model engine's requests with the offline engine, for a fake OpenAI-compatible
 * server: the model pipeline (batching, validation, retries, every response accounted for) then
 * runs end to end where no model is configured, in `pnpm eval consult` and `pnpm bench consult`.
 * What it finds is the offline engine's; the figures that matter come from a real model.
 */
export function offlineStandIn(): (request: FakeChatRequest) => FakeReply {
  const engine = new OfflineEngine();
  return (request) => {
    const messages = request.messages;
    const last = messages.at(-1)!.content;
    // Responses come as a JSON message of their own; condensing and refinement send none.
    const data = (last.startsWith("{") ? JSON.parse(last) : {}) as {
      responses?: { id: string; text: string }[];
      items?: { id: string; text: string }[];
    };
    switch (stageOf(messages)) {
      case "generate":
        return {
          json: {
            themes: engine
              .discoverThemes(data.responses ?? [])
              .map(({ label, description, stance }) => ({ label, description, stance })),
          },
        };
      case "condense": {
        // As a model would: one theme per label, those found in the most batches kept, as many
        // as the request asks for at most.
        const themes = themesInPrompt(messages) as { label: string }[];
        const asked = /and (\d+) themes/.exec(messages.at(-1)!.content)?.[1];
        const byLabel = new Map<string, { theme: { label: string }; batches: number }>();
        for (const theme of themes) {
          const seen = byLabel.get(theme.label.toLowerCase());
          if (seen) seen.batches += 1;
          else byLabel.set(theme.label.toLowerCase(), { theme, batches: 1 });
        }
        const kept = [...byLabel.values()]
          .sort((a, b) => b.batches - a.batches)
          .slice(0, Math.min(Number(asked ?? THEMES_PER_REPLY), THEMES_PER_REPLY))
          .map(({ theme }) => theme);
        return { json: { themes: kept } };
      }
      case "refine":
        return { json: { themes: themesInPrompt(messages) } };
      case "map": {
        const themes = themesInPrompt(messages) as Theme[];
        const responses: ConsultationResponse[] = data.items ?? [];
        return {
          json: {
            results: engine.mapResponses(responses, themes).map((mapped) => ({
              id: mapped.id,
              themeIds: mapped.themeIds,
              stance: mapped.stance,
              rationale: mapped.rationale,
              evidenceRich: mapped.evidenceRich,
              evidenceReason: mapped.evidenceReason,
            })),
          },
        };
      }
      case "write-up": {
        const [theme] = themesInPrompt(messages) as Theme[];
        const responses = data.responses ?? [];
        const writeUp = engine
          .writeUp([{ ...theme!, id: "theme" }], new Map([["theme", responses]]))
          .get("theme");
        return { json: writeUp ?? { summary: "No responses.", quoteIds: [] } };
      }
      default:
        return { status: 400, message: "Not a request of the sorter's pipeline." };
    }
  };
}
