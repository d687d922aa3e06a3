import JSZip from "jszip";
import { TranscriptError } from "./types.js";

/** A Word transcript of a day-long meeting is a few megabytes of XML; far more is a "zip bomb". */
const MAX_DOCUMENT_XML_BYTES = 64 * 1024 * 1024;

/** The paragraphs of a Word document's body, as plain text. */
export async function docxParagraphs(bytes: Uint8Array, fileName: string): Promise<string[]> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new TranscriptError(
      `${fileName} looks like a Word document or another zip file but cannot be opened: it may be damaged or incomplete.`,
    );
  }
  const body = zip.file("word/document.xml");
  if (!body) {
    throw new TranscriptError(
      `${fileName} is a zip file but not a Word document. Export the transcript from Teams or Zoom as .docx or .vtt.`,
    );
  }
  const xml = await boundedText(body, fileName);
  return [...xml.matchAll(/<w:p[\s>][\s\S]*?<\/w:p>|<w:p\/>/g)].map(([paragraph]) =>
    decodeXml(
      paragraph
        .replace(/<w:tab\/>/g, "\t")
        .replace(/<w:br\/>/g, "\n")
        .replace(/<w:t(?:\s[^>]*)?>([\s\S]*?)<\/w:t>/g, "\u0000$1\u0000")
        .split("\u0000")
        .filter((_, position) => position % 2 === 1)
        .join(""),
    ),
  );
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);|&#x([\da-f]+);/gi, (_, decimal?: string, hex?: string) =>
      codePoint(decimal ? Number(decimal) : Number.parseInt(hex!, 16)),
    )
    .replace(/&amp;/g, "&");
}

/** A character reference's character; one no character has (a damaged file) reads as "\uFFFD". */
function codePoint(code: number): string {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff
    ? String.fromCodePoint(code)
    : "\uFFFD";
}

/**
 * The part's text, inflated as a stream and counted: the size the zip declares is the sender's
 * claim, so reading stops as soon as the real bytes pass the limit.
 */
async function boundedText(part: JSZip.JSZipObject, fileName: string): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  await new Promise<void>((resolve, reject) => {
    const stream = part.nodeStream("nodebuffer");
    stream.on("data", (chunk: Buffer) => {
      total += chunk.length;
      if (total > MAX_DOCUMENT_XML_BYTES) {
        stream.removeAllListeners("data");
        stream.pause();
        reject(
          new TranscriptError(
            `${fileName} expands to far more text than any meeting transcript, so it was not read. Export the transcript from Teams or Zoom again, or as .vtt.`,
          ),
        );
        return;
      }
      chunks.push(chunk);
    });
    stream.on("end", () => resolve());
    stream.on("error", () =>
      reject(
        new TranscriptError(
          `${fileName} looks like a Word document but its text cannot be unpacked: it may be damaged or incomplete.`,
        ),
      ),
    );
  });
  return new TextDecoder().decode(Buffer.concat(chunks));
}
