import { documentFrom, type Block } from "@bernard/toolkit/exports";
import type { ExportData } from "./exports.js";

const STANCE: Record<string, string> = { support: "Support", oppose: "Oppose", neutral: "Neutral" };

/**
 * The results as a Word report: per question, a table of themes with counts, shares and stance,
 * then each theme's description and summary with quotes (verbatim, attributed to nobody).
 */
export async function reportFrom(data: ExportData): Promise<Buffer> {
  const blocks: Block[] = [
    {
      paragraph:
        "Themes found in the responses and how many responses raise each. Check them before relying on them: they are a starting point for experts, not their conclusions.",
    },
  ];
  for (const question of data.questions) {
    const total = question.responses.length;
    blocks.push(
      { heading: `Question ${question.number}`, level: 1 },
      { paragraph: question.text },
      { paragraph: `${total.toLocaleString("en-GB")} responses.` },
      {
        headings: ["Theme", "Stance", "Responses", "Share"],
        alignRight: [2, 3],
        rows: question.themes.map((theme) => [
          theme.label,
          STANCE[theme.stance] ?? theme.stance,
          theme.count.toLocaleString("en-GB"),
          total === 0 ? "0%" : `${Math.round((100 * theme.count) / total)}%`,
        ]),
      },
    );
    for (const theme of question.themes) {
      blocks.push(
        { heading: theme.label, level: 2 },
        { paragraph: theme.description },
        ...(theme.summary ? [{ paragraph: theme.summary }] : []),
        ...theme.quotes.slice(0, 3).map((quote) => ({ quote })),
      );
    }
  }
  return documentFrom(data.title, blocks);
}
