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
import type { ExportData } from "./exports.js";

const STANCE: Record<string, string> = { support: "Support", oppose: "Oppose", neutral: "Neutral" };

/**
 * The results as a Word report: per question, a table of themes with counts, shares and stance,
 * then each theme's description and summary with quotes (verbatim, attributed to nobody).
 */
export async function reportFrom(data: ExportData): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, text: data.title }),
    new Paragraph({
      text: "Themes found in the responses and how many responses raise each. Check them before relying on them: they are a starting point for experts, not their conclusions.",
    }),
  ];
  for (const question of data.questions) {
    const total = question.responses.length;
    children.push(
      new Paragraph({ heading: HeadingLevel.HEADING_1, text: `Question ${question.number}` }),
      new Paragraph({ text: question.text }),
      new Paragraph({ text: `${total.toLocaleString("en-GB")} responses.` }),
      themesTable(question.themes, total),
    );
    for (const theme of question.themes) {
      children.push(
        new Paragraph({ heading: HeadingLevel.HEADING_2, text: theme.label }),
        new Paragraph({ text: theme.description }),
        ...(theme.summary ? [new Paragraph({ text: theme.summary })] : []),
        ...theme.quotes.slice(0, 3).map(
          (quote) =>
            new Paragraph({
              indent: { left: 720 },
              children: [new TextRun({ text: `“${quote}”`, italics: true })],
            }),
        ),
      );
    }
  }
  return Packer.toBuffer(
    new Document({ creator: "Bernard", title: data.title, sections: [{ children }] }),
  );
}

function themesTable(themes: ExportData["questions"][number]["themes"], total: number): Table {
  const cell = (text: string, bold = false, right = false) =>
    new TableCell({
      children: [
        new Paragraph({
          alignment: right ? AlignmentType.RIGHT : AlignmentType.LEFT,
          children: [new TextRun({ text, bold })],
        }),
      ],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({
        tableHeader: true,
        children: [
          cell("Theme", true),
          cell("Stance", true),
          cell("Responses", true, true),
          cell("Share", true, true),
        ],
      }),
      ...themes.map(
        (theme) =>
          new TableRow({
            children: [
              cell(theme.label),
              cell(STANCE[theme.stance] ?? theme.stance),
              cell(theme.count.toLocaleString("en-GB"), false, true),
              cell(total === 0 ? "0%" : `${Math.round((100 * theme.count) / total)}%`, false, true),
            ],
          }),
      ),
    ],
  });
}
