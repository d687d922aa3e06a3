import { TextDecoder } from "node:util";
import type { Readable } from "node:stream";

export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

/** How much of the file decides the encoding when there is no byte-order mark. */
const SNIFF_BYTES = 64 * 1024;

/**
 * The encoding of a text file from its first bytes: a byte-order mark names it (UTF-8,
 * UTF-16 LE/BE); without one, text that is valid UTF-8 is UTF-8, and anything else is taken as
 * Windows-1252, which is what Excel on Windows writes as "CSV".
 */
export function detectEncoding(head: Uint8Array): { encoding: TextEncoding; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { encoding: "utf-8", bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: "utf-16le", bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: "utf-16be", bomLength: 2 };
  try {
    // A multi-byte character cut at the end of the sample is not an error.
    new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, SNIFF_BYTES), {
      stream: true,
    });
    return { encoding: "utf-8", bomLength: 0 };
  } catch {
    return { encoding: "windows-1252", bomLength: 0 };
  }
}

/** A binary stream as text, decoded chunk by chunk in the encoding its first bytes show. */
export async function* decodeText(
  input: Readable,
  onEncoding: (encoding: TextEncoding) => void = () => undefined,
): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let pending = Buffer.alloc(0);
  for await (const chunk of input as AsyncIterable<Buffer>) {
    if (!decoder) {
      pending = Buffer.concat([pending, chunk]);
      if (pending.length < SNIFF_BYTES) continue;
      const { encoding, bomLength } = detectEncoding(pending);
      onEncoding(encoding);
      decoder = new TextDecoder(encoding, { fatal: encoding === "utf-8" });
      yield decodeChunk(decoder, pending.subarray(bomLength));
      continue;
    }
    yield decodeChunk(decoder, chunk);
  }
  if (!decoder) {
    const { encoding, bomLength } = detectEncoding(pending);
    onEncoding(encoding);
    decoder = new TextDecoder(encoding, { fatal: encoding === "utf-8" });
    yield decodeChunk(decoder, pending.subarray(bomLength));
  }
  yield decoder.decode();
}

/** Thrown when a file that began as UTF-8 stops being valid UTF-8. */
export class EncodingError extends Error {
  override name = "EncodingError";
}

function decodeChunk(decoder: TextDecoder, chunk: Uint8Array): string {
  try {
    return decoder.decode(chunk, { stream: true });
  } catch {
    throw new EncodingError(
      'Part of the file is not valid UTF-8 although it starts as UTF-8. Save it again as "CSV UTF-8" and upload it again.',
    );
  }
}
