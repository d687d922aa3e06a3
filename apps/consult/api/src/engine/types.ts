import type { Stance } from "@bernard/nlp";

/** One person's answer to one question. */
export interface ConsultationResponse {
  id: string;
  text: string;
  /** The closed part of the question (agree/disagree, an option), when there is one. */
  closed?: string | undefined;
}

export interface Theme {
  id: string;
  label: string;
  description: string;
  /** Whose view it holds; a theme without one is open to every response. */
  stance?: Stance | undefined;
}

export interface DiscoveredTheme extends Theme {
  stance: Stance;
  keyphrases: string[];
  /** Responses most like it, best first. */
  representatives: string[];
}

export interface MappedResponse {
  id: string;
  themeIds: string[];
  stance: Stance;
  evidenceRich: boolean;
  evidenceReason: string;
  /** Why these themes: the similarity of each. */
  rationale: string;
}

export const OTHER = {
  id: "other",
  label: "Other",
  description: "Raises something no theme covers.",
};
export const NO_REASON = {
  id: "no-reason",
  label: "No reason given",
  description: 'Answers without saying why (for example only "yes" or "no").',
};

/** The themes given to every analysis besides those found: where responses go when none fits. */
export const FALLBACK_THEMES = [OTHER, NO_REASON];

export interface MappingOutcome {
  mapped: MappedResponse[];
  /** Responses the engine could not map, with why; a person maps them. */
  unprocessed: { id: string; reason: string }[];
}

/** What a theme's responses say, and the responses (by ID) that show it best, quoted verbatim. */
export interface ThemeWriteUp {
  summary: string;
  quoteIds: string[];
}

/** Told as work goes: items done of all. */
export type Reporter = (done: number, total: number) => void;

/** What the analysis job needs from an engine, the offline one or the model one. */
export interface AnalysisEngine {
  readonly name: "offline" | "model";
  /** Responses mapped per resumable step; the offline engine maps them all at once. */
  readonly mappingChunk: number;
  discoverThemes(responses: ConsultationResponse[], report: Reporter): Promise<DiscoveredTheme[]>;
  mapResponses(
    responses: ConsultationResponse[],
    themes: Theme[],
    report: Reporter,
  ): Promise<MappingOutcome>;
  /** A write-up per theme ID; engines without one return an empty map. */
  writeUp(
    themes: Theme[],
    members: Map<string, ConsultationResponse[]>,
    report: Reporter,
  ): Promise<Map<string, ThemeWriteUp>>;
}
