import type { Transcription } from "@bernard/llm";
import { detectEncoding } from "@bernard/toolkit/uploads";
import { docxParagraphs } from "./docx.js";
import { jsonTurns } from "./json.js";
import { lineTurns } from "./lines.js";
import { cueTurns, hasVoiceTags, readCues } from "./subtitles.js";
import {
  mergeTurns,
  TranscriptError,
  type RawTurn,
  type Transcript,
  type TranscriptFormat,
  type Turn,
} from "./types.js";

export { TranscriptError, type Transcript, type TranscriptFormat, type Turn } from "./types.js";

const WHAT_WORKS =
  "Give a Teams or Zoom transcript (.vtt or .docx), subtitles (.srt), plain text with one “Name: words” line per speaker, or JSON turns.";
const MEDIA = /\.(mp3|mp4|m4a|wav|ogg|oga|webm|mov|aac|flac|wma|avi|mkv)$/i;

/** Whether the file is a recording (audio or video), by its name: it goes to transcription. */
export const isRecording = (fileName: string) => MEDIA.test(fileName);

/**
 * Reads a transcript file, whatever its name says: the format is recognised from the content
 * (a zip is a Word document, "WEBVTT" a caption file, a numbered timing block SRT, a bracket
 * JSON, anything else lines of text). A recording (audio or video) is refused with what to do
 * instead: it is transcribed by a job (`jobs/transcribe-recording.ts`), not read here. Throws
 * `TranscriptError` with a message for the person.
 */
export async function readTranscript(bytes: Uint8Array, fileName: string): Promise<Transcript> {
  if (isRecording(fileName) && bytes.length > 0) throw new TranscriptError(noModel(fileName));
  if (bytes.length === 0 || (bytes.length < 64 && !new TextDecoder().decode(bytes).trim())) {
    throw new TranscriptError(`${fileName} is empty. ${WHAT_WORKS}`);
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    const paragraphs = await docxParagraphs(bytes, fileName);
    return finish(
      mergeTurns(lineTurns(paragraphs.flatMap((p) => p.split("\n")))),
      "docx",
      fileName,
    );
  }
  const text = decodeText(bytes, fileName);
  if (!text.trim()) throw new TranscriptError(`${fileName} is empty. ${WHAT_WORKS}`);
  const trimmed = text.trimStart();
  if (/^WEBVTT\b/.test(trimmed)) {
    const cues = readCues(text);
    if (cues.length === 0) {
      throw new TranscriptError(`${fileName} is a WebVTT caption file with no captions in it.`);
    }
    const format = hasVoiceTags(text) ? "teams-vtt" : "zoom-vtt";
    return finish(mergeTurns(cueTurns(cues)), format, fileName);
  }
  if (/^\d+\s*\n\s*[\d:.,]+\s*-->/.test(trimmed)) {
    return finish(mergeTurns(cueTurns(readCues(text))), "srt", fileName);
  }
  if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
    const turns = jsonTurns(text, fileName).map((turn, index) => ({ index, ...turn }));
    return finish(turns, "json", fileName);
  }
  return finish(mergeTurns(lineTurns(text.split("\n"))), "text", fileName);
}

/**
 * The file's text in the encoding its bytes show (UTF-8, UTF-16 with its byte-order mark as
 * Windows programs save it, or Windows-1252), with normalised line ends; a file with NUL bytes
 * that is not UTF-16, or that stops being valid in its encoding, is not a transcript.
 */
function decodeText(bytes: Uint8Array, fileName: string): string {
  const binary = () =>
    new TranscriptError(
      MEDIA.test(fileName)
        ? noModel(fileName)
        : `${fileName} is not a transcript: it looks like a binary file (an image, a recording or another program's file). ${WHAT_WORKS}`,
    );
  const { encoding, bomLength } = detectEncoding(bytes);
  if (!encoding.startsWith("utf-16") && bytes.subarray(0, 8192).includes(0)) throw binary();
  try {
    return new TextDecoder(encoding, { fatal: true })
      .decode(bytes.subarray(bomLength))
      .replace(/\r\n?/g, "\n");
  } catch {
    throw binary();
  }
}

/** Why a recording is refused when no AI model is set up, and what to give instead. */
export function noModel(fileName: string): string {
  return `${fileName} is audio or video. Transcribing a recording needs an AI model, and none is set up for the minute summariser (an admin can choose one on the portal's Models page). Give the transcript that Teams or Zoom made of the meeting instead: that works without a model.`;
}

/**
 * A recording's turns: "Name: words" lines when the model names speakers; otherwise each timed
 * stretch is a turn by "Speaker", for a person to name (speakers are renamed in one place).
 */
export function transcriptOfRecording(speech: Transcription, fileName: string): Transcript {
  const named = lineTurns(speech.text.split("\n"));
  if (named.some((turn) => turn.speaker)) return finish(mergeTurns(named), "audio", fileName);
  const stretches =
    speech.segments.length > 0 ? speech.segments : [{ text: speech.text, start: 0, end: 0 }];
  return finish(
    stretches.map((stretch) => ({
      speaker: "Speaker",
      text: stretch.text,
      ...(speech.segments.length > 0 ? { start: stretch.start, end: stretch.end } : {}),
    })),
    "audio",
    fileName,
  );
}

function finish(turns: (Turn | RawTurn)[], format: TranscriptFormat, fileName: string): Transcript {
  const numbered = turns.map((turn, index) => ({ ...turn, index }));
  if (numbered.length === 0) {
    throw new TranscriptError(`${fileName} has no words in it that anyone said. ${WHAT_WORKS}`);
  }
  if (numbered.every((turn) => !turn.speaker)) {
    throw new TranscriptError(
      `${fileName} does not say who spoke. Bernard needs a speaker for each line, for example “Jane Smith: Good morning” or a Teams transcript with names (<v Jane Smith>).`,
    );
  }
  return {
    format,
    turns: numbered.map((turn) => ({ ...turn, speaker: turn.speaker || "Unknown speaker" })),
  };
}
