import type { Case, Letterhead, Logo, Paragraph } from "@bernard/letters-contract";
import { documentFrom, type Block } from "@bernard/toolkit/exports";
import { longDate } from "../engine/draft.js";

/**
 * The reply as it goes out, in reading order: the letterhead's address, the references, the date,
 * who it goes to, then the reply's paragraphs (salutation to signature). Word and plain text are
 * drawn from it.
 */
function letterLines(
  reply: readonly Paragraph[],
  details: Case,
  letterhead: Letterhead,
  date: string,
): { head: string[]; recipient: string[]; body: string[] } {
  const head = [
    ...letterhead.address,
    `Our reference: ${details.reference}`,
    ...(details.mpReference ? [`Your reference: ${details.mpReference}`] : []),
    longDate(date),
  ];
  const recipient = [
    details.correspondentType === "mp"
      ? `${details.mpName || details.correspondentName} MP`
      : details.correspondentName,
    ...details.address,
    details.postcode,
  ].filter(Boolean);
  // The signature block is one paragraph of several lines.
  const body = reply.flatMap((paragraph) => paragraph.text.split("\n"));
  return { head, recipient, body };
}

export function letterText(
  reply: readonly Paragraph[],
  details: Case,
  letterhead: Letterhead,
  date: string,
): string {
  const { head, recipient, body } = letterLines(reply, details, letterhead, date);
  return `${[letterhead.department, ...head].join("\n")}\n\n${recipient.join("\n")}\n\n${body.join("\n\n")}\n`;
}

/** The widest a logo is drawn, in pixels at 96 to the inch (about 5 cm). */
const LOGO_WIDTH = 190;

/**
 * The letter as a Word document, on the letterhead: the logo (if there is one) at the top, the
 * department's name as its title.
 */
export function letterDocx(
  reply: readonly Paragraph[],
  details: Case,
  letterhead: Letterhead,
  date: string,
  logo?: (Logo & { bytes: Uint8Array }) | null,
): Promise<Buffer> {
  const { head, recipient, body } = letterLines(reply, details, letterhead, date);
  const scale = logo ? Math.min(1, LOGO_WIDTH / logo.width) : 1;
  const blocks: Block[] = [
    ...(logo
      ? [
          {
            image: logo.bytes,
            format: logo.format,
            width: Math.round(logo.width * scale),
            height: Math.round(logo.height * scale),
            description: `${letterhead.department} logo`,
          },
        ]
      : []),
    ...[...head, "", ...recipient, "", ...body].map((paragraph) => ({ paragraph })),
  ];
  return documentFrom(letterhead.department, blocks);
}
