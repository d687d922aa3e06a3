import type { FakeChatRequest, FakeReply } from "@bernard/llm/testing";
import { stageOf, themesInPrompt } from "./model.js";
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
        const themes = themesInPrompt(messages) as { label: string }[];
        const byLabel = new Map(themes.map((theme) => [theme.label.toLowerCase(), theme]));
        return { json: { themes: [...byLabel.values()] } };
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
