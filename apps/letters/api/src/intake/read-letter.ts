import { detectEncoding } from "@bernard/toolkit/uploads";
import mammoth from "mammoth";
import PostalMime from "postal-mime";
import { extractText, getDocumentProxy } from "unpdf";

export type LetterFormat = "text" | "eml" | "docx" | "pdf";

/** What an email's headers say about who wrote and when. */
export interface EmailHeaders {
  fromName?: string;
  fromAddress?: string;
  subject?: string;
  /** YYYY-MM-DD */
  date?: string;
}

export interface LetterText {
  format: LetterFormat;
  text: string;
  email?: EmailHeaders;
}

/** A letter file that cannot be read; the message says what to do, for the person. */
export class LetterFileError extends Error {
  override name = "LetterFileError";
}

const FORMATS: Record<string, LetterFormat> = {
  txt: "text",
  text: "text",
  eml: "eml",
  docx: "docx",
  pdf: "pdf",
};

/** The text of a letter saved as .txt, .eml, .docx or .pdf, checked against what its name says. */
export async function readLetter(bytes: Uint8Array, fileName: string): Promise<LetterText> {
  const extension = fileName.toLowerCase().split(".").pop() ?? "";
  const format = FORMATS[extension];
  if (!format) {
    throw new LetterFileError(
      `${fileName} is not a kind of file the letter drafter reads: upload a .eml email, a Word document (.docx), a PDF or a .txt file, or paste the text.`,
    );
  }
  if (bytes.length === 0)
    throw new LetterFileError(`${fileName} is empty: there is no letter in it.`);
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const isPdf = Buffer.from(bytes.subarray(0, 5)).toString("latin1") === "%PDF-";
  if (format === "docx" && !isZip) {
    throw new LetterFileError(
      `${fileName} is not a Word document, though its name ends in .docx. Open it in Word and save it as a Word document (.docx), or paste the text.`,
    );
  }
  if (format === "pdf" && !isPdf) {
    throw new LetterFileError(
      `${fileName} is not a PDF, though its name ends in .pdf. Paste the text of the letter instead.`,
    );
  }
  if ((format === "text" || format === "eml") && (isZip || isPdf || looksBinary(bytes))) {
    throw new LetterFileError(
      `${fileName} is not a text file: it looks like a Word document, a PDF or a picture renamed. Upload it with its real name (.docx or .pdf), or paste the text.`,
    );
  }
  const text = await textOf(format, bytes, fileName);
  if (!text.text.trim()) {
    throw new LetterFileError(
      format === "pdf"
        ? `${fileName} has no text in it: it may be a scan. Type or paste the letter instead.`
        : `${fileName} has no text in it: there is no letter to read.`,
    );
  }
  return text;
}

async function textOf(
  format: LetterFormat,
  bytes: Uint8Array,
  fileName: string,
): Promise<LetterText> {
  switch (format) {
    case "text":
      return { format, text: decodeText(bytes) };
    case "eml":
      return readEmail(bytes, fileName);
    case "docx":
      try {
        const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
        return { format, text: value };
      } catch {
        throw new LetterFileError(
          `${fileName} looks like a Word document but cannot be opened: it may be damaged. Save it again from Word, or paste the text.`,
        );
      }
    case "pdf":
      try {
        // unpdf's declaration of the proxy refers to pdf.js types it does not ship.
        // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
        const document = await getDocumentProxy(new Uint8Array(bytes));
        const { text } = await extractText(document, { mergePages: true });
        return { format, text };
      } catch {
        throw new LetterFileError(
          `${fileName} looks like a PDF but cannot be opened: it may be damaged or protected by a password. Paste the text of the letter instead.`,
        );
      }
  }
}

async function readEmail(bytes: Uint8Array, fileName: string): Promise<LetterText> {
  const email: Awaited<ReturnType<typeof PostalMime.parse>> = await PostalMime.parse(bytes).catch(
    () => {
      throw new LetterFileError(
        `${fileName} cannot be read as an email. Save the email again as .eml, or paste its text.`,
      );
    },
  );
  const text = email.text ?? (email.html ? textFromHtml(email.html) : "");
  const from = email.from;
  return {
    format: "eml",
    text,
    email: {
      fromName: from?.name || undefined,
      fromAddress: from?.address || undefined,
      subject: email.subject || undefined,
      date:
        email.date && !Number.isNaN(Date.parse(email.date))
          ? new Date(email.date).toISOString().slice(0, 10)
          : undefined,
    },
  };
}

/** Text in the encoding its bytes show (UTF-8, UTF-16 with a mark, else Windows-1252). */
function decodeText(bytes: Uint8Array): string {
  const { encoding, bomLength } = detectEncoding(bytes);
  return new TextDecoder(encoding).decode(bytes.subarray(bomLength));
}

function looksBinary(bytes: Uint8Array): boolean {
  const utf16 =
    (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  return !utf16 && bytes.subarray(0, 8192).includes(0);
}

/** An HTML-only email's words, paragraph by paragraph. */
function textFromHtml(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|h\d)>/gi, "\n\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\n{3,}/g, "\n\n");
}
