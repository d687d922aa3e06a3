import { terms } from "@bernard/nlp";
import type { Turn } from "../transcripts/types.js";
import { asWrittenAfterwards } from "./reported-speech.js";

/** A run of turns, `from` to `to` inclusive. */
export interface Span {
  from: number;
  to: number;
}

/** Words each side of a gap compared for lexical cohesion (about two minutes of speech). */
const WINDOW = 300;
/** About one topic per this many meaningful words (committee meetings, measured on QMSum's train set). */
const WORDS_PER_TOPIC = 1200;
/** No topic is shorter than this many meaningful words. */
const MIN_TOPIC_WORDS = 700;
/** Who speaks counts as this many words of what a stretch is about: each member asks their own questions. */
const SPEAKER_WEIGHT = 5;
/** What a chair's "we move on to…" adds to a gap's depth. */
const TRANSITION_BONUS = 0.3;

/** A chair moving the meeting on: "move on to", "some questions now on…", "next item". */
const TRANSITION = new RegExp(
  [
    String.raw`\b(?:move|moving|go|going|turn|turning|come|coming) (?:on )?(?:now )?(?:on)?to\b`,
    String.raw`\bquestions? (?:now )?(?:on|from|about)\b`,
    String.raw`\bnext (?:item|questions?|set of questions|section|topic|area)\b`,
    String.raw`\b(?:final|last) (?:item|questions?|set of questions)\b`,
    String.raw`\bitem \d+\b`,
  ].join("|"),
  "i",
);

/** A chair announcing an agenda item: "the next item is…", "item 3", "we move on to item four". */
const ANNOUNCED_ITEM =
  /\b(?:first|next|second|third|fourth|fifth|final|last) item\b|\bitem (?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b/i;
/** Whether the chair, saying `text`, announces an agenda item (it names the item, not a point). */
export function announcesItem(speaker: string, text: string, chairs: ReadonlySet<string>): boolean {
  return chairs.has(speaker) && ANNOUNCED_ITEM.test(text);
}

/** What an announcement names: "…item is the passenger survey and…" → "passenger survey". */
const ANNOUNCED_SUBJECT =
  /\bitem\b[^.?!]*?\b(?:is|will be|concerns|covers|on|about)\s+(?:(?:the|our|a|an)\s+)?([^.,;:?!]+)/i;
/** Words an item title runs to at most: past that, the announcement is a sentence, not a title. */
const TITLE_WORDS = 8;

/**
 * The title a chair gives an item in announcing it ("The next item is the passenger survey and
 * what riders said." → "Passenger survey"; "next year" → "the following year"), or nothing when
 * the turn does not name one.
 */
export function announcedTitle(turn: Turn, chairs: ReadonlySet<string>): string | undefined {
  if (!announcesItem(turn.speaker, turn.text, chairs)) return undefined;
  const subject = ANNOUNCED_SUBJECT.exec(turn.text)?.[1]
    ?.split(/\s+and\s+/)[0]
    ?.trim();
  if (!subject || subject.split(/\s+/).length > TITLE_WORDS) return undefined;
  const title = asWrittenAfterwards(subject);
  return title.charAt(0).toUpperCase() + title.slice(1);
}

/** Turns an announced item must follow its previous start by, so a greeting is not an item. */
const MIN_ANNOUNCED_TURNS = 3;

/**
 * Splits turns into topics, TextTiling-style: the lexical cohesion of the words (and speakers)
 * before and after every gap between turns, each gap scored by how deep a valley of cohesion it
 * sits in, plus a bonus where a chair moves the meeting on. The deepest gaps become topic starts,
 * about one per WORDS_PER_TOPIC words, none closer than MIN_TOPIC_WORDS. An item the chair
 * announces ("the next item is…") starts a topic whatever its length. Deterministic.
 */
export function segmentTopics(turns: readonly Turn[]): Span[] {
  if (turns.length < 2) return [{ from: 0, to: Math.max(0, turns.length - 1) }];
  const sizes = turns.map((turn) => terms(turn.text).length);
  const words = turns.map((turn) => [
    ...terms(turn.text),
    ...Array<string>(SPEAKER_WEIGHT).fill(`speaker:${turn.speaker}`),
  ]);
  const weights = inverseFrequencies(words);

  const cohesion = [0];
  for (let gap = 1; gap < turns.length; gap++) {
    cohesion.push(cosineOf(window(words, gap - 1, -1), window(words, gap, 1), weights));
  }
  const smoothed = cohesion.map((value, gap) => {
    const around = [cohesion[gap - 1], value, cohesion[gap + 1]].filter(
      (neighbour, i): neighbour is number => neighbour !== undefined && gap - 1 + i >= 1,
    );
    return gap === 0 ? 0 : mean(around);
  });
  const chairs = chairsOf(turns);
  const gaps = smoothed
    .map((value, gap) => {
      let left = value;
      for (let i = gap - 1; i >= 1 && smoothed[i]! >= left; i--) left = smoothed[i]!;
      let right = value;
      for (let i = gap + 1; i < smoothed.length && smoothed[i]! >= right; i++) right = smoothed[i]!;
      const turn = turns[gap]!;
      const moveOn = chairs.has(turn.speaker) && TRANSITION.test(turn.text);
      return { gap, score: left - value + (right - value) + (moveOn ? TRANSITION_BONUS : 0) };
    })
    .filter(({ gap }) => gap > 0)
    .sort((a, b) => b.score - a.score || a.gap - b.gap);

  const cumulative = [0];
  for (const size of sizes) cumulative.push(cumulative.at(-1)! + size);
  const wordsBetween = (a: number, b: number) => cumulative[b]! - cumulative[a]!;
  const wanted = Math.max(1, Math.round(cumulative.at(-1)! / WORDS_PER_TOPIC)) - 1;
  const starts = [0];
  turns.forEach((turn, index) => {
    const announced = announcesItem(turn.speaker, turn.text, chairs);
    if (announced && index - starts.at(-1)! >= MIN_ANNOUNCED_TURNS) starts.push(index);
  });
  const announcedStarts = starts.length - 1;
  for (const { gap } of gaps) {
    if (starts.length - announcedStarts > wanted) break;
    const before = Math.max(...starts.filter((start) => start < gap));
    const after = Math.min(turns.length, ...starts.filter((start) => start > gap));
    if (
      wordsBetween(before, gap) >= MIN_TOPIC_WORDS &&
      wordsBetween(gap, after) >= MIN_TOPIC_WORDS
    ) {
      starts.push(gap);
    }
  }
  starts.sort((a, b) => a - b);
  return starts.map((from, i) => ({ from, to: (starts[i + 1] ?? turns.length) - 1 }));
}

/** Who chairs: whoever opens the meeting, and anyone named as a chair. */
export function chairsOf(turns: readonly Turn[]): Set<string> {
  return new Set(
    turns
      .filter((turn, index) => index === 0 || /\bchair\b/i.test(turn.speaker))
      .map((turn) => turn.speaker),
  );
}

/** About WINDOW words of turns from `start` going in `direction` (-1 back, 1 forward). */
function window(words: string[][], start: number, direction: 1 | -1): string[] {
  const collected: string[] = [];
  for (let i = start; i >= 0 && i < words.length && collected.length < WINDOW; i += direction) {
    collected.push(...words[i]!);
  }
  return collected;
}

/** Words said in every turn say nothing about where topics change. */
function inverseFrequencies(words: string[][]): Map<string, number> {
  const documentFrequency = new Map<string, number>();
  for (const list of words) {
    for (const word of new Set(list)) {
      documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
    }
  }
  const weights = new Map<string, number>();
  for (const [word, count] of documentFrequency) {
    weights.set(word, Math.log((1 + words.length) / (1 + count)) + 1);
  }
  return weights;
}

function cosineOf(a: string[], b: string[], weights: Map<string, number>): number {
  const vector = (list: string[]) => {
    const counts = new Map<string, number>();
    for (const word of list) counts.set(word, (counts.get(word) ?? 0) + 1);
    return new Map([...counts].map(([word, n]) => [word, (1 + Math.log(n)) * weights.get(word)!]));
  };
  const x = vector(a);
  const y = vector(b);
  let dot = 0;
  for (const [word, weight] of x) dot += weight * (y.get(word) ?? 0);
  const norm = (v: Map<string, number>) =>
    Math.sqrt([...v.values()].reduce((sum, w) => sum + w * w, 0));
  const denominator = norm(x) * norm(y);
  return denominator === 0 ? 0 : dot / denominator;
}

export function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
