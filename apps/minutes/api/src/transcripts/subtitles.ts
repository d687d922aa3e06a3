import { looksLikeSpeaker, parseTimestamp, type RawTurn } from "./types.js";

const TIMING = /^\s*([\d:.,]+)\s*-->\s*([\d:.,]+)/;

/** A caption: its times and text lines, from WebVTT or SRT. */
interface Cue {
  start?: number;
  end?: number;
  lines: string[];
}

/** Cues of a WebVTT or SRT file: blocks separated by blank lines, each with a timing line. */
export function readCues(text: string): Cue[] {
  const cues: Cue[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split("\n");
    const timing = lines.findIndex((line) => TIMING.test(line));
    if (timing < 0 || timing > 1) continue; // header, NOTE, STYLE, REGION or stray text
    const [, start, end] = TIMING.exec(lines[timing]!)!;
    cues.push({
      start: parseTimestamp(start!),
      end: parseTimestamp(end!),
      lines: lines.slice(timing + 1).filter((line) => line.trim()),
    });
  }
  return cues;
}

/** Teams puts the speaker in a voice tag: `<v Jane Smith>Good morning.</v>`. */
export function hasVoiceTags(text: string): boolean {
  return /<v[\s.][^>]*>/.test(text);
}

/** Turns from cues: the speaker from a voice tag, else from a `Name: text` prefix. */
export function cueTurns(cues: Cue[]): RawTurn[] {
  const turns: RawTurn[] = [];
  for (const cue of cues) {
    const payload = cue.lines.join("\n");
    const voices = [
      ...payload.matchAll(/<v(?:\.[\w.-]+)?\s+([^>]+)>([\s\S]*?)(?:<\/v>|(?=<v[\s.])|$)/g),
    ];
    const pieces: { speaker?: string; text: string }[] =
      voices.length > 0
        ? voices.map(([, speaker, said]) => ({ speaker: speaker!.trim(), text: said! }))
        : cue.lines.map((line) => {
            const named = /^\s*-?\s*([^:]{1,60}):\s*(.*)$/.exec(line);
            return named && looksLikeSpeaker(named[1]!)
              ? { speaker: named[1]!.trim(), text: named[2]! }
              : { text: line };
          });
    for (const piece of pieces) {
      const text = plainText(piece.text);
      // A line without a speaker continues the previous speaker's words.
      const speaker = piece.speaker ?? turns.at(-1)?.speaker ?? "";
      turns.push({ speaker, text, start: cue.start, end: cue.end });
    }
  }
  return turns;
}

/** Caption text without markup (`<c>`, `<b>`, inline timestamps) and with entities decoded. */
function plainText(text: string): string {
  return text
    .replace(/<[^>]*>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .trim();
}
