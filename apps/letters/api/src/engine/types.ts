/** A paragraph of a draft reply and the approved lines it rests on (none for template text). */
export interface Paragraph {
  text: string;
  lines: string[];
}

export type FlagKind = "no-approved-line" | "style";

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
  candidates: { lineId: string; score: number; answers: boolean; why: string }[];
}

export interface Draft {
  engine: "offline";
  paragraphs: Paragraph[];
  flags: Flag[];
  retrieval: PointRetrieval[];
}
