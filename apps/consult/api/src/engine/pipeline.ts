import {
  FALLBACK_THEMES,
  type AnalysisEngine,
  type ConsultationResponse,
  type MappedResponse,
  type Theme,
  type ThemeWriteUp,
} from "./types.js";

/** Each theme's responses, by theme ID. */
export function membersOf(
  mapped: MappedResponse[],
  responses: ConsultationResponse[],
): Map<string, ConsultationResponse[]> {
  const byId = new Map(responses.map((response) => [response.id, response]));
  const members = new Map<string, ConsultationResponse[]>();
  for (const response of mapped) {
    for (const themeId of response.themeIds) {
      const list = members.get(themeId) ?? [];
      list.push(byId.get(response.id)!);
      members.set(themeId, list);
    }
  }
  return members;
}

export interface HeadlessAnalysis {
  themes: Theme[];
  mapped: MappedResponse[];
  unprocessed: { id: string; reason: string }[];
  writeUps: Map<string, ThemeWriteUp>;
}

/** The whole analysis in one go, without a database: for the command line and evaluation. */
export async function analyseHeadless(
  engine: AnalysisEngine,
  responses: ConsultationResponse[],
  onStage: (stage: string) => void = () => undefined,
): Promise<HeadlessAnalysis> {
  const quiet = () => undefined;
  onStage("Finding themes");
  const themes: Theme[] = [
    ...(await engine.discoverThemes(responses, quiet)),
    ...FALLBACK_THEMES.map((theme) => ({ ...theme, stance: "neutral" as const })),
  ];
  onStage("Mapping responses");
  const { mapped, unprocessed } = await engine.mapResponses(responses, themes, quiet);
  onStage("Writing up themes");
  const writeUps = await engine.writeUp(themes, membersOf(mapped, responses), quiet);
  return { themes, mapped, unprocessed, writeUps };
}
