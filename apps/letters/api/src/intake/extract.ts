import { MONTH_NAMES } from "@bernard/nlp";
import type { EmailHeaders } from "./read-letter.js";

export type CorrespondentType = "mp" | "public";

export interface Correspondent {
  type: CorrespondentType;
  name?: string;
  /** Address lines above the postcode, as written. */
  address: string[];
  postcode?: string;
  email?: string;
}

/** An MP writing on behalf of a constituent. */
export interface OnBehalfOf {
  mpName: string;
  constituency?: string;
  /** The MP's own reference, to be quoted in the reply. */
  mpReference?: string;
  constituentName?: string;
}

export interface LetterDetails {
  correspondent: Correspondent;
  onBehalfOf?: OnBehalfOf;
  /** The date written on the letter (or the email's date), YYYY-MM-DD. */
  letterDate?: string;
  subject?: string;
  /** The points the letter raises, in its order: one a paragraph of its body. */
  points: string[];
}

const POSTCODE = /\b(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b/i;
const EMAIL = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/;
const WRITTEN_DATE = new RegExp(
  `\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTH_NAMES.join("|")}|${MONTH_NAMES.map((m) => m.slice(0, 3)).join("|")})\\.?,?\\s+(\\d{4})\\b`,
  "i",
);
const NUMERIC_DATE = /\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/;
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/;
const SALUTATION = /^\s*(dear\s+[^,\n]+),?\s*$/im;
const SIGN_OFF =
  /^\s*(yours\s+(sincerely|faithfully|truly)|kind\s+regards|best\s+wishes|regards|with\s+best\s+wishes|many\s+thanks)\b.*$/im;
const REFERENCE =
  /\b(?:our|my|mp'?s?)?\s*ref(?:erence)?(?:\s*(?:no\.?|number))?\s*[:.]?\s*([A-Z]{0,6}[-/]?\d[\w/-]*)/i;
const MP_SIGNATURE =
  /^\s*(?:(?:the\s+)?(?:rt\.?\s+)?(?:hon\.?\s+)?)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3})\s+MP\b/m;
const CONSTITUENCY =
  /\b(?:[Mm]ember of [Pp]arliament|MP) for ([A-Z][\w'’-]*(?:,? (?:and |upon |on |under )?[A-Z][\w'’-]*)*)/;
const CONSTITUENT =
  /on behalf of (?:my |a )?constituents?,?\s+((?:mr|mrs|ms|miss|mx|dr)\.?\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*|[A-Z][\w'’-]+\s+[A-Z][\w'’-]+)/i;

/**
 * Who wrote, whether an MP wrote for a constituent, when, and the points raised: read from
 * the letter's layout (address block, date line, salutation, sign-off) and, for an email, its
 * headers. Everything found is a suggestion for a person to check and edit.
 */
export function extractLetter(text: string, email?: EmailHeaders): LetterDetails {
  const normalised = text.replace(/\r\n?/g, "\n").replace(/\u00a0/g, " ");
  const salutation = SALUTATION.exec(normalised);
  const signOff = SIGN_OFF.exec(normalised);
  const bodyStart = salutation ? salutation.index + salutation[0].length : 0;
  const bodyEnd = signOff && signOff.index > bodyStart ? signOff.index : normalised.length;
  const head = normalised.slice(0, salutation?.index ?? 0);
  const body = normalised.slice(bodyStart, bodyEnd);
  const signature = signOff ? normalised.slice(signOff.index + signOff[0].length) : "";

  const mpMatch = MP_SIGNATURE.exec(signature) ?? MP_SIGNATURE.exec(head);
  const fromParliament = email?.fromAddress?.toLowerCase().endsWith("parliament.uk") ?? false;
  const isMp =
    Boolean(mpMatch) || fromParliament || /\bon behalf of (?:my |a )?constituent/i.test(body);
  const signedName = firstLine(signature);
  const name = mpMatch?.[1] ?? cleanName(email?.fromName) ?? signedName;

  const addressBlock = addressLines(head, signature);
  const postcode = POSTCODE.exec(addressBlock.join("\n"))?.[1]?.toUpperCase();
  const correspondent: Correspondent = {
    type: isMp ? "mp" : "public",
    name: name && !/^a constituent$/i.test(name) ? name : undefined,
    address: addressBlock
      .filter((line) => line !== name)
      .map((line) => line.replace(POSTCODE, "").replace(/,\s*$/, "").trim())
      .filter(Boolean),
    postcode: postcode ? formatPostcode(postcode) : undefined,
    email: email?.fromAddress ?? EMAIL.exec(`${head}\n${signature}`)?.[0],
  };
  const onBehalfOf: OnBehalfOf | undefined = isMp
    ? {
        mpName: correspondent.name ?? "",
        constituency: CONSTITUENCY.exec(`${signature}\n${head}\n${body}`)?.[1]?.trim(),
        mpReference: REFERENCE.exec(`${head}\n${email?.subject ?? ""}\n${body}`)?.[1],
        constituentName: CONSTITUENT.exec(body)?.[1],
      }
    : undefined;
  return {
    correspondent,
    onBehalfOf,
    letterDate: findDate(head) ?? email?.date ?? findDate(body),
    subject: email?.subject,
    points: pointsOf(body),
  };
}

/** The words between the salutation and the sign-off (all of it when neither is there). */
export function bodyOf(text: string): string {
  const normalised = text.replace(/\r\n?/g, "\n");
  const salutation = SALUTATION.exec(normalised);
  const start = salutation ? salutation.index + salutation[0].length : 0;
  const signOff = SIGN_OFF.exec(normalised.slice(start));
  return normalised.slice(start, signOff ? start + signOff.index : undefined);
}

/**
 * The paragraphs of the body; a list's items stay with the paragraph that introduces them, and a
 * paragraph of nothing but links is a source the writer cites, not a point to answer.
 */
export function pointsOf(body: string): string[] {
  const paragraphs = body
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s*\n\s*/g, " ").trim())
    .filter((paragraph) => /[a-z]{2}/i.test(paragraph.replace(/\b(?:https?:\/\/|www\.)\S+/gi, "")));
  const points: string[] = [];
  for (const paragraph of paragraphs) {
    const isListItem = /^[•*\-–]\s|^\d+[.)]\s/.test(paragraph);
    if (isListItem && points.length > 0) points[points.length - 1] += ` ${paragraph}`;
    else points.push(paragraph);
  }
  return points;
}

/** The date written in a passage, YYYY-MM-DD (numeric dates read day first, as in the UK). */
export function findDate(text: string): string | undefined {
  const written = WRITTEN_DATE.exec(text);
  if (written) {
    const month =
      MONTH_NAMES.findIndex((m) => m.startsWith(written[2]!.toLowerCase().slice(0, 3))) + 1;
    return validDate(Number(written[3]), month, Number(written[1]));
  }
  const numeric = NUMERIC_DATE.exec(text);
  if (numeric) return validDate(Number(numeric[3]), Number(numeric[2]), Number(numeric[1]));
  const iso = ISO_DATE.exec(text);
  return iso ? validDate(Number(iso[1]), Number(iso[2]), Number(iso[3])) : undefined;
}

function validDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    ? date.toISOString().slice(0, 10)
    : undefined;
}

/** The block of lines ending in a postcode, at the top of the letter or under the signature. */
function addressLines(head: string, signature: string): string[] {
  for (const part of [head, signature]) {
    const lines = part.split("\n").map((line) => line.trim());
    const at = lines.findIndex((line) => POSTCODE.test(line));
    if (at === -1) continue;
    let start = at;
    while (
      start > 0 &&
      lines[start - 1] &&
      !findDate(lines[start - 1]!) &&
      !EMAIL.test(lines[start - 1]!)
    )
      start -= 1;
    return lines.slice(start, at + 1).filter((line) => !MP_SIGNATURE.test(line));
  }
  return [];
}

function firstLine(text: string): string | undefined {
  return text
    .split("\n")
    .map((line) => line.trim())
    .find(Boolean);
}

function cleanName(name: string | undefined): string | undefined {
  const cleaned = name?.replace(/\s+MP$/i, "").trim();
  return cleaned || undefined;
}

function formatPostcode(postcode: string): string {
  const compact = postcode.replace(/\s+/g, "");
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}
