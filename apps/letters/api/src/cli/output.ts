import { documentFrom, type Block } from "@bernard/toolkit/exports";
import type { Draft, Paragraph } from "../engine/types.js";

/** A draft for `--out x.json` and `--out-dir`: its paragraphs, flags and why each line was chosen. */
export function draftJson(draft: Draft, letterId?: string): string {
  const { engine, paragraphs, flags, retrieval } = draft;
  return `${JSON.stringify({ ...(letterId ? { letter_id: letterId } : {}), engine, paragraphs, flags, retrieval }, null, 2)}\n`;
}

/** The draft as Markdown: each paragraph with the lines it cites, then what to check. */
export function draftMarkdown(draft: Draft): string {
  const body = draft.paragraphs.map(citedText);
  const checks = draft.flags.map((flag) => `- ${flag.kind}: ${flag.text}`);
  return `${[...body, ...(checks.length > 0 ? ["## To check", checks.join("\n")] : [])].join("\n\n")}\n`;
}

/** The draft as a Word document: the reply, each paragraph with its lines, then what to check. */
export function draftDocument(draft: Draft, title: string): Promise<Buffer> {
  const blocks: Block[] = draft.paragraphs.flatMap((paragraph) =>
    citedText(paragraph)
      .split("\n")
      .map((text) => ({ paragraph: text })),
  );
  if (draft.flags.length > 0) {
    blocks.push({ heading: "To check", level: 1 });
    for (const flag of draft.flags) blocks.push({ paragraph: `${flag.kind}: ${flag.text}` });
  }
  return documentFrom(title, blocks);
}

/** A paragraph with the lines each of its sentences (or, offline, the paragraph) cites. */
function citedText(paragraph: Paragraph): string {
  return paragraph.sentences
    ? paragraph.sentences.map((sentence) => `${sentence.text}${cites(sentence.lines)}`).join(" ")
    : `${paragraph.text}${cites(paragraph.lines)}`;
}

function cites(lines: readonly string[]): string {
  return lines.length > 0 ? ` [${lines.join(", ")}]` : "";
}
