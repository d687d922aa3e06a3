import { TextDecoder } from "node:util";

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

/** Thrown when a file that began as UTF-8 stops being valid UTF-8; the reader names the row. */
export class EncodingError extends Error {
  override name = "EncodingError";
  constructor(
    /** The good text between the last chunk and the line with the bad bytes. */
    readonly textBefore: string,
  ) {
    super("The file stops being valid UTF-8 part-way.");
  }
}

/**
 * A binary stream as text, decoded chunk by chunk in the encoding its first bytes show. When
 * UTF-8 turns invalid part-way, all the text before the bad line is yielded first and then an
 * EncodingError is thrown, so a reader knows every row before it and can name the row at fault.
 */
export async function* decodeText(
  input: AsyncIterable<Uint8Array>,
  onEncoding: (encoding: TextEncoding) => void = () => undefined,
): AsyncGenerator<string> {
  let decode: ChunkDecoder | undefined;
  let head = Buffer.alloc(0);
  const begin = (last: boolean) => {
    const { encoding, bomLength } = detectEncoding(head);
    onEncoding(encoding);
    const decoder = encoding === "utf-8" ? utf8Decoder() : streamDecoder(encoding);
    decode = decoder;
    return decoded(decoder, head.subarray(bomLength), last);
  };
  for await (const chunk of input) {
    if (decode) {
      yield* decoded(decode, chunk, false);
      continue;
    }
    head = Buffer.concat([head, chunk]);
    if (head.length >= SNIFF_BYTES) yield* begin(false);
  }
  yield* decode ? decoded(decode, new Uint8Array(0), true) : begin(true);
}

function* decoded(decode: ChunkDecoder, chunk: Uint8Array, last: boolean): Generator<string> {
  let text: string;
  try {
    text = decode(chunk, last);
  } catch (error) {
    if (error instanceof EncodingError) yield error.textBefore;
    throw error;
  }
  yield text;
}

type ChunkDecoder = (chunk: Uint8Array, last: boolean) => string;

/** UTF-16 and Windows-1252 decode anything (odd bytes become U+FFFD). */
function streamDecoder(encoding: TextEncoding): ChunkDecoder {
  const decoder = new TextDecoder(encoding);
  // Always `stream: true`, then an empty flush: Node 20 decodes a non-streaming windows-1252
  // call as Latin-1, turning “ and ” into control characters.
  return (chunk, last) => decoder.decode(chunk, { stream: true }) + (last ? decoder.decode() : "");
}

/**
 * Strict UTF-8. Each chunk is decoded up to the last whole character (the cut one waits for the
 * next chunk), so a failure can be traced to its line: the good lines before it go with the
 * EncodingError.
 */
function utf8Decoder(): ChunkDecoder {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let carry: Uint8Array = new Uint8Array(0);
  return (chunk, last) => {
    const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const end = last ? bytes.length : wholeCharactersLength(bytes);
    carry = bytes.slice(end);
    try {
      return decoder.decode(bytes.subarray(0, end));
    } catch {
      // A UTF-8 newline byte never occurs inside a character, so lines decode on their own.
      let good = "";
      for (let lineStart = 0; lineStart < end;) {
        const newline = bytes.indexOf(0x0a, lineStart);
        const lineEnd = newline === -1 || newline >= end ? end : newline + 1;
        try {
          good += decoder.decode(bytes.subarray(lineStart, lineEnd));
        } catch {
          break;
        }
        lineStart = lineEnd;
      }
      throw new EncodingError(good);
    }
  };
}

/** Bytes up to where a multi-byte character is cut off at the end of `bytes`. */
function wholeCharactersLength(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(4, bytes.length); back += 1) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: the character starts earlier
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}
