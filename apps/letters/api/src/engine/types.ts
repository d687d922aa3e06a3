/** A paragraph of a draft reply and the approved lines it rests on (none for template text). */
export interface Paragraph {
  text: string;
  lines: string[];
  /** The letter's point (0-based) the paragraph answers, when it answers one. */
  point?: number;
  /** Model engine: the paragraph's sentences, each with the lines it rests on. */
  sentences?: Sentence[];
}

/** A sentence the model wrote, the lines it cites and, when its checks failed, why. */
export interface Sentence {
  text: string;
  lines: string[];
  /** Set when the sentence's citations do not hold after a re-ask: a person must check it. */
  unsupported?: string;
}

/**
 * no-approved-line: a point no line answers; style: a house style check; unsupported: a model
 * sentence whose citations do not hold; commitment: a promise no cited line makes;
 * model-problem: the model could not be used, so the offline draft is given instead.
 */
export type FlagKind =
  "no-approved-line" | "style" | "unsupported" | "commitment" | "model-problem";

/** Something a person must look at before the draft goes out. */
export interface Flag {
  kind: FlagKind;
  text: string;
  /** For no-approved-line: the letter's point (0-based) that no line answers. */
  point?: number;
  /** For style: which check, e.g. long-sentence, and the paragraph (0-based). */
  check?: string;
  paragraph?: number;
}

/** The lines found for one point of the letter, with why, for the person drafting. */
export interface PointRetrieval {
  point: string;
  answered: boolean;
  /** The score a line's words had to beat to answer it (chance level, see significance.ts). */
  threshold: number;
  /** How far the chosen release stands above the others for this point (standard scores). */
  standing?: number;
  candidates: { lineId: string; score: number; answers: boolean; why: string }[];
}

export interface Draft {
  engine: "offline" | "model";
  paragraphs: Paragraph[];
  flags: Flag[];
  retrieval: PointRetrieval[];
}
