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

export interface TranscribeOptions {
  fileName: string;
  /** Default "whisper-1"; the portal's gateway uses the model chosen for the tool. */
  model?: string;
  /** Per request; default 5 minutes (a long piece of audio takes a while). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Most bytes a request carries (default 25 MB); longer WAV recordings are split. */
  maxBytes?: number;
  signal?: AbortSignal;
  /** Told as each piece is done. */
  progress?: (done: number, total: number) => unknown;
}

/**
 * Speech to text through the openai SDK (`audio.transcriptions.create`), against OpenAI, Azure
 * OpenAI or the portal's gateway. A WAV recording longer than one request takes is split into
 * pieces at sample boundaries and their times put back on one clock; other formats over the
 * limit are refused with what to do, since splitting them needs decoding. With no provider:
 * NoModelConfiguredError.
 */
export async function transcribeAudio(
  provider: ProviderConfig | undefined,
  audio: Uint8Array,
  options: TranscribeOptions,
): Promise<Transcription> {
  if (!provider) throw new NoModelConfiguredError();
  const maxBytes = options.maxBytes ?? MAX_AUDIO_BYTES;
  const pieces =
    audio.byteLength <= maxBytes ? [{ bytes: audio, offset: 0 }] : wavPieces(audio, maxBytes);
  if (!pieces) {
    throw new RangeError(
      `${options.fileName} is ${(audio.byteLength / 1024 / 1024).toFixed(1)} MB; one request takes up to ${(maxBytes / 1024 / 1024).toFixed(0)} MB. Bernard splits WAV recordings by itself: save the recording as WAV, or in shorter parts, and upload it again.`,
    );
  }
  const sdk = createSdkClient(provider, options.timeoutMs ?? 300_000);
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const text: string[] = [];
  const segments: TranscribedSegment[] = [];
  for (const [index, piece] of pieces.entries()) {
    const name = pieces.length > 1 ? `part-${index + 1}-${options.fileName}` : options.fileName;
    const answer = await withRetries(
      async () =>
        sdk.audio.transcriptions.create(
          {
            file: await toFile(piece.bytes, name),
            model: options.model ?? "whisper-1",
            response_format: "verbose_json",
          },
          options.signal ? { signal: options.signal } : {},
        ),
      adviseRetry,
      policy,
    ).catch((error: unknown) => {
      throw asRequestError(error);
    });
    text.push(answer.text.trim());
    for (const segment of answer.segments ?? []) {
      segments.push({
        start: segment.start + piece.offset,
        end: segment.end + piece.offset,
        text: segment.text.trim(),
      });
    }
    await options.progress?.(index + 1, pieces.length);
  }
  return { text: text.filter(Boolean).join("\n"), segments };
}

/**
 * A PCM WAV file cut into WAV files of at most `maxBytes`, each with its own header and its start
 * in seconds; undefined for anything that is not a WAV file Bernard can read.
 */
function wavPieces(
  audio: Uint8Array,
  maxBytes: number,
): { bytes: Uint8Array; offset: number }[] | undefined {
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

/** Speech to text for a tool, as the person asking (their user token). */
export interface Transcriber {
  transcribe(
    userToken: string,
    audio: Uint8Array,
    options: TranscribeOptions,
  ): Promise<Transcription>;
}

/** Transcription through the portal's gateway, which holds the key and picks the model. */
export function portalTranscriber(portalUrl: string): Transcriber {
  return {
    transcribe: (userToken, audio, options) =>
      transcribeAudio(gatewayProvider(portalUrl, userToken), audio, options),
  };
}
