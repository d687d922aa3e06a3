import {
  Document,
  FootnoteReferenceRun,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import type { MeetingHeading, MinutesTemplate } from "../engine/templates.js";
import type { Minutes } from "../engine/types.js";
import type { Turn } from "../transcripts/types.js";
import { readingOrder } from "./reading-order.js";

/**
 * The minutes as a Word document in the template's layout, for the app's export and
 * `pnpm minutes draft --out x.docx` alike: every entry's citations as a footnote (speaker and
 * time of each turn), the actions as a table, what a person should check in bold.
 */
export async function minutesDocx(
  minutes: Minutes,
  template: string | MinutesTemplate,
  meeting: MeetingHeading,
  turns: readonly Turn[] | null,
): Promise<Buffer> {
  const { title, blocks } = readingOrder(minutes, template, meeting);
  const footnotes: Record<number, { children: Paragraph[] }> = {};
  const cite = (cited: number[]) => {
    if (cited.length === 0) return [];
    const id = Object.keys(footnotes).length + 1;
    footnotes[id] = { children: [new Paragraph(citation(cited, turns))] };
    return [new FootnoteReferenceRun(id)];
  };
  const row = (cells: string[], header: boolean, cited: number[] = []) =>
    new TableRow({
      tableHeader: header,
      children: cells.map(
        (text, index) =>
          new TableCell({
            children: [
              new Paragraph({
                children: [
                  new TextRun({ text, bold: header }),
                  ...(index === 1 ? cite(cited) : []),
                ],
              }),
            ],
          }),
      ),
    });
  const children = [
    new Paragraph({ heading: HeadingLevel.TITLE, text: title }),
    ...blocks.map((block) => {
      if ("heading" in block)
        return new Paragraph({
          heading: block.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
          text: block.heading,
        });
      if ("paragraph" in block)
        return new Paragraph({
          children: [
            new TextRun(block.paragraph),
            ...cite(block.turns),
            ...(block.problems
              ? [new TextRun({ text: ` Check: ${block.problems.join("; ")}`, bold: true })]
              : []),
          ],
        });
      return new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [row(block.columns, true), ...block.rows.map((r) => row(r.cells, false, r.turns))],
      });
    }),
  ];
  return Packer.toBuffer(
    new Document({ creator: "Bernard", title, footnotes, sections: [{ children }] }),
  );
}

/** "00:01:23" for a turn's start, when the transcript had times. */
function clock(seconds: number): string {
  const whole = Math.floor(seconds);
  return [whole / 3600, (whole % 3600) / 60, whole % 60]
    .map((part) => String(Math.floor(part)).padStart(2, "0"))
    .join(":");
}

/**
 * Where an entry came from, for its footnote: each cited turn with its speaker and time; after
 * the transcript was deleted, only the turn numbers remain.
 */
function citation(cited: number[], turns: readonly Turn[] | null): string {
  const parts = cited.map((index) => {
    const turn = turns?.[index];
    if (!turn) return `turn ${index}`;
    return `turn ${index}, ${turn.speaker}${turn.start !== undefined ? ` at ${clock(turn.start)}` : ""}`;
  });
  return `Transcript: ${parts.join("; ")}.`;
}
