/** One speaker's turn in a meeting. `index` is its 0-based position, what citations point at. */
export interface Turn {
  index: number;
  speaker: string;
  text: string;
  /** Seconds from the start of the recording, when the format says. */
  start?: number;
  end?: number;
}

export type TranscriptFormat =
  | "teams-vtt"
  | "zoom-vtt"
  | "srt"
  | "docx"
  | "text"
  | "json"
  /** A recording, transcribed by the portal's model. */
  | "audio";

export interface Transcript {
  turns: Turn[];
  format: TranscriptFormat;
}

/** A file that cannot be read as a transcript; the message is written for the person who gave it. */
export class TranscriptError extends Error {
  readonly code = "BAD_TRANSCRIPT";
  constructor(message: string) {
    super(message);
    this.name = "TranscriptError";
  }
}

/** A turn before it has its index: what each format's parser produces. */
export type RawTurn = Omit<Turn, "index">;

/**
 * Numbers the turns, joining consecutive ones by the same speaker (subtitle formats split one
 * person's speech into many short cues) and dropping empty ones.
 */
export function mergeTurns(raw: RawTurn[]): Turn[] {
  const turns: Turn[] = [];
  for (const next of raw) {
    const text = next.text.replace(/\s+/g, " ").trim();
    if (!text) continue;
    const last = turns.at(-1);
    if (last && last.speaker === next.speaker) {
      last.text = `${last.text} ${text}`;
      if (next.end !== undefined) last.end = next.end;
      continue;
    }
    turns.push({ index: turns.length, ...next, text });
  }
  return turns;
}

/** "01:02:03.500", "02:03,5" or "0:0:3.890" as seconds. */
export function parseTimestamp(value: string): number | undefined {
  const match = /^(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d+))?$/.exec(value.trim());
  if (!match) return undefined;
  const [, hours = "0", minutes, seconds, fraction = "0"] = match;
  return Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds) + Number(`0.${fraction}`);
}

/** A name as people write them before a colon: one to six words, no sentence punctuation. */
export function looksLikeSpeaker(name: string): boolean {
  const trimmed = name.trim();
  return (
    trimmed.length > 0 &&
    trimmed.length <= 60 &&
    /^[\p{L}][\p{L}\p{M}'’.\- ()]*$/u.test(trimmed) &&
    trimmed.split(/\s+/).length <= 6
  );
}
