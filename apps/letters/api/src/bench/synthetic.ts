import { seededRandom } from "@bernard/nlp";
import type { Line } from "../lines/lines.js";

const SYLLABLES =
  "ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu".split(
    " ",
  );
const COMMON =
  "the government is and of to a in for that this we has have been will with our are be it on as by which".split(
    " ",
  );

/**
 * A knowledge base of made-up lines for benchmarks (nothing from any dataset): releases of eight
 * lines, each release with words of its own, each line forty to seventy words mixing them with
 * common words and words shared by every release. Letters are drawn from one release's words.
 */
export function syntheticKnowledgeBase(lineCount: number, seed = 1) {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const word = () =>
    Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(SYLLABLES)).join("");
  const shared = Array.from({ length: 2_000 }, word);
  const releases = Math.ceil(lineCount / 8);
  const vocabularies = Array.from({ length: releases }, () => Array.from({ length: 40 }, word));
  const sentence = (vocabulary: readonly string[], words: number) => {
    const text = Array.from({ length: words }, () => {
      const roll = random();
      return roll < 0.35 ? pick(COMMON) : roll < 0.75 ? pick(vocabulary) : pick(shared);
    }).join(" ");
    return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
  };
  const lines: Line[] = Array.from({ length: lineCount }, (_, n) => {
    const release = Math.floor(n / 8);
    return {
      id: `line-${n}`,
      title: `Release ${release}`,
      topic: `Topic ${release % 20}`,
      text: sentence(vocabularies[release]!, 40 + Math.floor(random() * 30)),
      approvedOn: `2025-${String(1 + (release % 12)).padStart(2, "0")}-${String(1 + (Math.floor(release / 12) % 28)).padStart(2, "0")}`,
      status: "current",
    };
  });
  const letter = (release: number) =>
    `Dear Minister,\n\n${[0, 1, 2].map(() => sentence(vocabularies[release % releases]!, 35)).join("\n\n")}\n\nYours sincerely,\nA constituent`;
  return { lines, releases, letter };
}
