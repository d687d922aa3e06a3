import { toFile } from "openai";
import { adviseRetry, asRequestError } from "./client.js";
import { NoModelConfiguredError } from "./errors.js";
import { gatewayProvider } from "./gateway.js";
import { createSdkClient, type ProviderConfig } from "./providers.js";
import { DEFAULT_RETRY_POLICY, withRetries, type RetryPolicy } from "./retry.js";

/** One stretch of speech, in seconds from the start of the recording. */
export interface TranscribedSegment {
  start: number;
  end: number;
  text: string;
}

export interface Transcription {
  text: string;
  /** Timed stretches when the provider gives them (OpenAI's verbose JSON); else empty. */
  segments: TranscribedSegment[];
}

/** The OpenAI audio API takes a file of up to 25 MB in one request. */
export const MAX_AUDIO_BYTES = 25 * 1024 * 1024;

/** One request's worth of a recording, and where it starts, in seconds. */
export interface AudioPiece {
  /** The piece's own file name ("part-2-meeting.wav" when the recording was split). */
  name: string;
  bytes: Uint8Array;
  offset: number;
}

/**
 * A recording in pieces of at most `maxBytes` (default 25 MB), each sent in a request of its
 * own. A WAV recording is split at sample boundaries; another format over the limit throws a
 * RangeError with what to do, since splitting it needs decoding.
 */
export function audioPieces(
  audio: Uint8Array,
  fileName: string,
  maxBytes = MAX_AUDIO_BYTES,
): AudioPiece[] {
  if (audio.byteLength <= maxBytes) return [{ name: fileName, bytes: audio, offset: 0 }];
  const pieces = wavPieces(audio, maxBytes);
  if (!pieces) {
    throw new RangeError(
      `${fileName} is ${(audio.byteLength / 1024 / 1024).toFixed(1)} MB; one request takes up to ${(maxBytes / 1024 / 1024).toFixed(0)} MB. Bernard splits WAV recordings by itself: save the recording as WAV, or in shorter parts, and upload it again.`,
    );
  }
  return pieces.map((piece, index) => ({ ...piece, name: `part-${index + 1}-${fileName}` }));
}

export interface TranscribeOptions {
  /** Default "whisper-1"; the portal's gateway uses the model chosen for the tool. */
  model?: string;
  /** Per request; default 5 minutes (a long piece of audio takes a while). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  signal?: AbortSignal;
}

/**
 * Speech to text for one piece through the openai SDK (`audio.transcriptions.create`), against
 * OpenAI, Azure OpenAI or the portal's gateway; its times on the whole recording's clock. With
 * no provider: NoModelConfiguredError.
 */
export async function transcribePiece(
  provider: ProviderConfig | undefined,
  piece: AudioPiece,
  options: TranscribeOptions = {},
): Promise<Transcription> {
  if (!provider) throw new NoModelConfiguredError();
  const sdk = createSdkClient(provider, options.timeoutMs ?? 300_000);
  const answer = await withRetries(
    async () =>
      sdk.audio.transcriptions.create(
        {
          file: await toFile(piece.bytes, piece.name),
          model: options.model ?? "whisper-1",
          response_format: "verbose_json",
        },
        options.signal ? { signal: options.signal } : {},
      ),
    adviseRetry,
    { ...DEFAULT_RETRY_POLICY, ...options.retry },
  ).catch((error: unknown) => {
    throw asRequestError(error);
  });
  return {
    text: answer.text.trim(),
    segments: (answer.segments ?? []).map((segment) => ({
      start: segment.start + piece.offset,
      end: segment.end + piece.offset,
      text: segment.text.trim(),
    })),
  };
}

/** The pieces' transcriptions as one, in order. */
export function joinTranscriptions(parts: Transcription[]): Transcription {
  return {
    text: parts
      .map((part) => part.text)
      .filter(Boolean)
      .join("\n"),
    segments: parts.flatMap((part) => part.segments),
  };
}

/**
 * A PCM WAV file cut into WAV files of at most `maxBytes`, each with its own header and its start
 * in seconds; undefined for anything that is not a WAV file Bernard can read.
 */
function wavPieces(audio: Uint8Array, maxBytes: number): Omit<AudioPiece, "name">[] | undefined {
  const view = new DataView(audio.buffer, audio.byteOffset, audio.byteLength);
  const tag = (at: number) => String.fromCharCode(...audio.subarray(at, at + 4));
  if (audio.byteLength < 12 || tag(0) !== "RIFF" || tag(8) !== "WAVE") return undefined;
  let format: Uint8Array | undefined;
  let at = 12;
  while (at + 8 <= audio.byteLength) {
    const size = view.getUint32(at + 4, true);
    if (tag(at) === "fmt ") format = audio.subarray(at + 8, at + 8 + size);
    if (tag(at) === "data" && format) {
      const formatView = new DataView(format.buffer, format.byteOffset, format.byteLength);
      const byteRate = formatView.getUint32(8, true);
      const blockAlign = formatView.getUint16(12, true);
      const data = audio.subarray(at + 8, Math.min(at + 8 + size, audio.byteLength));
      const header = 12 + 8 + format.byteLength + 8;
      const room = Math.floor((maxBytes - header) / blockAlign) * blockAlign;
      if (room <= 0 || byteRate === 0) return undefined;
      const pieces = [];
      for (let start = 0; start < data.byteLength; start += room) {
        const samples = data.subarray(start, start + room);
        pieces.push({ bytes: wavFile(format, samples), offset: start / byteRate });
      }
      return pieces;
    }
    at += 8 + size + (size % 2);
  }
  return undefined;
}

function wavFile(format: Uint8Array, samples: Uint8Array): Uint8Array {
  const file = new Uint8Array(12 + 8 + format.byteLength + 8 + samples.byteLength);
  const view = new DataView(file.buffer);
  const write = (at: number, text: string) =>
    file.set(
      [...text].map((char) => char.charCodeAt(0)),
      at,
    );
  write(0, "RIFF");
  view.setUint32(4, file.byteLength - 8, true);
  write(8, "WAVE");
  write(12, "fmt ");
  view.setUint32(16, format.byteLength, true);
  file.set(format, 20);
  const data = 20 + format.byteLength;
  write(data, "data");
  view.setUint32(data + 4, samples.byteLength, true);
  file.set(samples, data + 8);
  return file;
}

/** Speech to text for a tool, with a user's token or a job's credential for the same person. */
export interface Transcriber {
  /** Most bytes one request may carry: a longer recording is sent in pieces (`audioPieces`). */
  maxBytes: number;
  transcribe(
    credential: string,
    piece: AudioPiece,
    options?: TranscribeOptions,
  ): Promise<Transcription>;
}

/** Transcription through the portal's gateway, which holds the key and picks the model. */
export function portalTranscriber(portalUrl: string): Transcriber {
  return {
    maxBytes: MAX_AUDIO_BYTES,
    transcribe: (credential, piece, options) =>
      transcribePiece(gatewayProvider(portalUrl, credential), piece, options),
  };
}
