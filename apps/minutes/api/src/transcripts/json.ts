import { TranscriptError, type RawTurn } from "./types.js";

const SHAPE =
  'a list of turns like [{"speaker": "Jane Smith", "content": "Good morning."}], or an object whose "meeting_transcripts" holds that list';

/**
 * JSON turns, `[{speaker, content}]` or `{meeting_transcripts: [...]}`. Kept one to one, never
 * merged: the turns' positions are what references to this file point at.
 */
export function jsonTurns(text: string, fileName: string): RawTurn[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new TranscriptError(
      `${fileName} is not valid JSON: ${jsonProblem(String(error), text)}.`,
    );
  }
  const list =
    data !== null && typeof data === "object" && !Array.isArray(data)
      ? (data as Record<string, unknown>).meeting_transcripts
      : data;
  if (!Array.isArray(list)) {
    throw new TranscriptError(`${fileName} is JSON but not a transcript: expected ${SHAPE}.`);
  }
  return list.map((entry: unknown, index) => {
    const turn = (entry ?? {}) as Record<string, unknown>;
    if (typeof turn.speaker !== "string" || typeof turn.content !== "string") {
      throw new TranscriptError(
        `${fileName}: turn ${index + 1} needs a "speaker" and a "content", both text (expected ${SHAPE}).`,
      );
    }
    return { speaker: turn.speaker.trim(), text: turn.content.replace(/\s+/g, " ").trim() };
  });
}

/** Where JSON.parse gave up, in words (its messages differ between Node versions). */
function jsonProblem(message: string, text: string): string {
  const line = /line (\d+)/.exec(message)?.[1];
  const position = /position (\d+)/.exec(message)?.[1];
  if (line) return `it stops making sense at line ${line}`;
  if (position) {
    return `it stops making sense at line ${text.slice(0, Number(position)).split("\n").length}`;
  }
  if (/end of JSON/i.test(message)) return "it ends before its lists and objects are closed";
  const token = /Unexpected token '?(.)'?/.exec(message)?.[1];
  return token ? `it stops making sense at “${token}”` : "it cannot be read as JSON";
}
