import { documentFrom, type Block } from "@bernard/toolkit/exports";
import type { ExportData } from "./exports.js";

const STANCE: Record<string, string> = { support: "Support", oppose: "Oppose", neutral: "Neutral" };

/** How each engine finds and maps themes, in the words of the report's method note. */
const METHOD: Record<string, string> = {
  offline:
    "found by the offline engine, without an AI model: it groups responses that use similar words (keeping supporters and opponents of the proposal apart), names each group from its own words, and gives each response the themes whose words it shares",
  model:
    "found by an AI model that read every response: it proposed the themes, gave each response its themes with a reason, and wrote each theme's summary",
};

const when = (date: Date) =>
  date.toLocaleString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Europe/London",
  });

/**
 * The results as a Word report: a method note, then per question who signed its themes off and
 * when (or that no one has yet), a table of themes with counts, shares and stance, then each
 * theme's description and summary with quotes (verbatim, attributed to nobody).
 */
export async function reportFrom(data: ExportData): Promise<Buffer> {
  const blocks: Block[] = [
    {
      paragraph:
        "Themes found in the responses and how many responses raise each. Check them before relying on them: they are a starting point for experts, not their conclusions.",
    },
    { heading: "Method", level: 1 },
    {
      paragraph:
        "Each question's free-text answers were imported from the consultation's export. The themes were found by the engine named under each question; people then reviewed them: they could rename, merge, split, add and delete themes and change any response's themes, and every such decision was kept. Signing off froze the themes and gave their themes to responses that had none. Counts are of responses; one response can raise several themes. Quotes are respondents' own words, unedited and not attributed.",
    },
  ];
  for (const question of data.questions) {
    const total = question.responses.length;
    const reviewed = question.responses.filter((response) => response.reviewed).length;
    blocks.push(
      { heading: `Question ${question.number}`, level: 1 },
      { paragraph: question.text },
      {
        paragraph: [
          `${total.toLocaleString("en-GB")} responses, ${reviewed.toLocaleString("en-GB")} of them reviewed by a person.`,
          question.analysis
            ? `Themes ${METHOD[question.analysis.engine] ?? `found by the ${question.analysis.engine} engine`}, on ${when(question.analysis.at)}.`
            : "The responses have not been analysed yet.",
          question.signOff
            ? `Signed off by ${question.signOff.by} on ${when(question.signOff.at)}.`
            : "Not signed off: the themes may still change.",
        ].join(" "),
      },
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
