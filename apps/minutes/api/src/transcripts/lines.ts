import { looksLikeSpeaker, parseTimestamp, type RawTurn } from "./types.js";

const TIME = String.raw`\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d+)?`;
/** "0:0:3.890 --> 0:0:8.760" (Teams Word transcripts from before 2022). */
const RANGE = new RegExp(String.raw`^(${TIME})\s*-->\s*(${TIME})$`);
/** "[00:01:02] Jane Smith: text" or "00:01:02 Jane Smith: text" (Zoom's text export). */
const TIMED_LINE = new RegExp(String.raw`^\[?(${TIME})\]?\s+(.+)$`);
/** "Jane Smith   0:03" or "Jane Smith 00:01:02" alone on a line (Teams Word transcripts). */
const SPEAKER_AND_TIME = new RegExp(String.raw`^(.+?)\s+(${TIME})$`);
const NAMED = /^([^:]{1,60}):\s+(.*)$/;

/**
 * Turns from lines of text: plain `Name: text` transcripts and the paragraphs of Teams and Zoom
 * Word transcripts. A line that names nobody continues the last speaker's turn; a name alone
 * (with or without a time) introduces the lines that follow.
 */
export function lineTurns(lines: string[]): RawTurn[] {
  const turns: RawTurn[] = [];
  let start: number | undefined;
  let pendingSpeaker: string | undefined;
  const add = (speaker: string, text: string) => {
    turns.push({ speaker, text, ...(start === undefined ? {} : { start }) });
    start = undefined;
    pendingSpeaker = undefined;
  };
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    const range = RANGE.exec(line);
    if (range) {
      start = parseTimestamp(range[1]!);
      continue;
    }
    const headed = SPEAKER_AND_TIME.exec(line);
    if (headed && looksLikeSpeaker(headed[1]!)) {
      start = parseTimestamp(headed[2]!);
      pendingSpeaker = headed[1]!.trim();
      continue;
    }
    const timed = TIMED_LINE.exec(line);
    let rest = line;
    if (timed) {
      start = parseTimestamp(timed[1]!);
      rest = timed[2]!;
    }
    const named = NAMED.exec(rest);
    if (named && looksLikeSpeaker(named[1]!)) {
      add(named[1]!.trim(), named[2]!);
    } else if (pendingSpeaker !== undefined) {
      add(pendingSpeaker, rest);
    } else if (start !== undefined && looksLikeSpeaker(rest)) {
      // Old Teams layout: the time range, then the name alone, then the words.
      pendingSpeaker = rest;
    } else {
      const last = turns.at(-1);
      if (last) last.text = `${last.text} ${rest}`;
      else turns.push({ speaker: "", text: rest });
    }
  }
  return turns;
}
