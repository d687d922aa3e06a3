import type { Minutes, Template, Turn } from "@bernard/minutes-contract";
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
import { citation, minutesLayout } from "./layout.js";

/**
 * The minutes as a Word document in the template's layout: every point's citations as a
 * footnote (speaker and time of each turn), the actions as a table.
 */
export async function minutesDocx(
  minutes: Minutes,
  template: Template,
  meeting: { title: string; date: string; chair: string },
  turns: Turn[] | null,
): Promise<Buffer> {
  const { title, blocks } = minutesLayout(minutes, template, meeting);
  const footnotes: Record<number, { children: Paragraph[] }> = {};
  const cite = (cited: number[] | undefined) => {
    if (!cited?.length) return [];
    const id = Object.keys(footnotes).length + 1;
    footnotes[id] = { children: [new Paragraph(citation(cited, turns))] };
    return [new FootnoteReferenceRun(id)];
  };
  const children = [
    new Paragraph({ heading: HeadingLevel.TITLE, text: title }),
    ...blocks.map((block) => {
      if ("heading" in block)
        return new Paragraph({ heading: HeadingLevel.HEADING_1, text: block.heading });
      if ("paragraph" in block) {
        return new Paragraph({ children: [new TextRun(block.paragraph), ...cite(block.turns)] });
      }
      const row = (cells: string[], header: boolean, cited?: number[]) =>
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
      return new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [row(block.headings, true), ...block.rows.map((r) => row(r.cells, false, r.turns))],
      });
    }),
  ];
  return Packer.toBuffer(
    new Document({ creator: "Bernard", title, footnotes, sections: [{ children }] }),
  );
}
