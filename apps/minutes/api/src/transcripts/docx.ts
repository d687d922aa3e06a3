import JSZip from "jszip";
import { TranscriptError } from "./types.js";

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
  const xml = await body.async("string");
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
