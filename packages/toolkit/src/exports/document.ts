import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";

/** One part of a Word document, in reading order. */
export type Block =
  | { heading: string; level: 1 | 2 }
  | { paragraph: string }
  /** Quoted words, set in italics and indented, inside curly quotation marks. */
  | { quote: string }
  /** A table: its headings row repeats on each page; `alignRight` columns hold numbers. */
  | { headings: string[]; rows: string[][]; alignRight?: number[] };

const LEVELS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2 } as const;

/** A Word document (.docx) with `title` as its title, then the blocks. */
export async function documentFrom(title: string, blocks: readonly Block[]): Promise<Buffer> {
  const children = [
    new Paragraph({ heading: HeadingLevel.TITLE, text: title }),
    ...blocks.map((block) => {
      if ("heading" in block)
        return new Paragraph({ heading: LEVELS[block.level], text: block.heading });
      if ("paragraph" in block) return new Paragraph({ text: block.paragraph });
      if ("quote" in block)
        return new Paragraph({
          indent: { left: 720 },
          children: [new TextRun({ text: `“${block.quote}”`, italics: true })],
        });
      return table(block);
    }),
  ];
  return Packer.toBuffer(new Document({ creator: "Bernard", title, sections: [{ children }] }));
}

function table(block: Extract<Block, { headings: string[] }>): Table {
  const right = new Set(block.alignRight ?? []);
  const row = (cells: string[], header: boolean) =>
    new TableRow({
      tableHeader: header,
      children: cells.map(
        (text, index) =>
          new TableCell({
            children: [
              new Paragraph({
                alignment: right.has(index) ? AlignmentType.RIGHT : AlignmentType.LEFT,
                children: [new TextRun({ text, bold: header })],
              }),
            ],
          }),
      ),
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [row(block.headings, true), ...block.rows.map((cells) => row(cells, false))],
  });
}
