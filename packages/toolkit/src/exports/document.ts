import {
  AlignmentType,
  Document,
  FootnoteReferenceRun,
  HeadingLevel,
  ImageRun,
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
  /** `footnote`: a footnote (where it came from), its mark at the paragraph's end. */
  | { paragraph: string; footnote?: string | undefined }
  /** Quoted words, set in italics and indented, inside curly quotation marks. */
  | { quote: string }
  /** A picture (a letterhead's logo), `width` by `height` pixels at 96 to the inch, described for screen readers. */
  | { image: Uint8Array; format: "png" | "jpg"; width: number; height: number; description: string }
  /** A table: its headings row repeats on each page; `alignRight` columns hold numbers. */
  | {
      headings: string[];
      rows: string[][];
      alignRight?: number[];
      /** A footnote for each row (or none), marked after its cell in `footnoteColumn` (default 0). */
      footnotes?: (string | undefined)[];
      footnoteColumn?: number;
    };

const LEVELS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2 } as const;

/** Footnotes numbered in reading order as blocks ask for them. */
class Footnotes {
  readonly notes: Record<number, { children: Paragraph[] }> = {};
  #count = 0;
  /** The mark for a new footnote saying `text`; nothing without text. */
  mark(text: string | undefined): FootnoteReferenceRun[] {
    if (!text) return [];
    this.#count += 1;
    this.notes[this.#count] = { children: [new Paragraph(text)] };
    return [new FootnoteReferenceRun(this.#count)];
  }
}

/** A Word document (.docx) with `title` as its title, then the blocks. */
export async function documentFrom(title: string, blocks: readonly Block[]): Promise<Buffer> {
  const footnotes = new Footnotes();
  const children = [
    new Paragraph({ heading: HeadingLevel.TITLE, text: title }),
    ...blocks.map((block) => {
      if ("heading" in block)
        return new Paragraph({ heading: LEVELS[block.level], text: block.heading });
      if ("paragraph" in block)
        return new Paragraph({
          children: [new TextRun(block.paragraph), ...footnotes.mark(block.footnote)],
        });
      if ("image" in block)
        return new Paragraph({
          children: [
            new ImageRun({
              type: block.format,
              data: block.image,
              transformation: { width: block.width, height: block.height },
              altText: { name: block.description, description: block.description },
            }),
          ],
        });
      if ("quote" in block)
        return new Paragraph({
          indent: { left: 720 },
          children: [new TextRun({ text: `“${block.quote}”`, italics: true })],
        });
      return table(block, footnotes);
    }),
  ];
  return Packer.toBuffer(
    new Document({
      creator: "Bernard",
      title,
      footnotes: footnotes.notes,
      sections: [{ children }],
    }),
  );
}

function table(block: Extract<Block, { headings: string[] }>, footnotes: Footnotes): Table {
  const right = new Set(block.alignRight ?? []);
  const noted = block.footnoteColumn ?? 0;
  const row = (cells: string[], header: boolean, footnote?: string) =>
    new TableRow({
      tableHeader: header,
      children: cells.map(
        (text, index) =>
          new TableCell({
            children: [
              new Paragraph({
                alignment: right.has(index) ? AlignmentType.RIGHT : AlignmentType.LEFT,
                children: [
                  new TextRun({ text, bold: header }),
                  ...(index === noted ? footnotes.mark(footnote) : []),
                ],
              }),
            ],
          }),
      ),
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      row(block.headings, true),
      ...block.rows.map((cells, n) => row(cells, false, block.footnotes?.[n])),
    ],
  });
}
