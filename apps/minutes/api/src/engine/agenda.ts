import { fitTfIdf, cosine, terms } from "@bernard/nlp";
import type { Turn } from "../transcripts/types.js";
import type { Span } from "./segment.js";

/**
 * Splits turns into one run per agenda item, in the agenda's order: the split that makes each
 * run's turns most like its item's words (TF-IDF cosine), with a turn that names the item
 * ("item 3", or its title) counting extra. Exact, by dynamic programming over the turns.
 */
export function alignToAgenda(turns: readonly Turn[], agenda: readonly string[]): Span[] {
  if (agenda.length === 0) return [];
  if (turns.length <= agenda.length) {
    return agenda.map((_, item) => {
      const at = Math.min(item, turns.length - 1);
      return { from: at, to: at };
    });
  }
  const model = fitTfIdf([...agenda, ...turns.map((turn) => turn.text)], {
    minDocs: 1,
    tokenize: terms,
  });
  const items = agenda.map((title) => model.vectorize(title));
  const score = agenda.map((title, item) => {
    const mention = new RegExp(String.raw`\bitem ${item + 1}\b`, "i");
    return turns.map((turn) => {
      const vector = model.vectorize(turn.text);
      return cosine(items[item]!, vector) + (mention.test(turn.text) ? 1 : 0);
    });
  });
  // prefix[item][t]: the score of turns 0..t-1 against the item.
  const prefix = score.map((row) => {
    const sums = [0];
    for (const value of row) sums.push(sums.at(-1)! + value);
    return sums;
  });
  const runScore = (item: number, from: number, to: number) =>
    prefix[item]![to]! - prefix[item]![from]!;
  // best[item][end]: the best split of turns 0..end-1 into items 0..item, each non-empty.
  const best = agenda.map(() => new Array<number>(turns.length + 1).fill(-Infinity));
  const back = agenda.map(() => new Array<number>(turns.length + 1).fill(0));
  for (let end = 1; end <= turns.length; end++) best[0]![end] = runScore(0, 0, end);
  for (let item = 1; item < agenda.length; item++) {
    for (let end = item + 1; end <= turns.length; end++) {
      // Latest start first: a turn that matches no item stays with the item before it.
      for (let start = end - 1; start >= item; start--) {
        const value = best[item - 1]![start]! + runScore(item, start, end);
        if (value > best[item]![end]!) {
          best[item]![end] = value;
          back[item]![end] = start;
        }
      }
    }
  }
  const spans: Span[] = [];
  let end = turns.length;
  for (let item = agenda.length - 1; item >= 0; item--) {
    const start = item === 0 ? 0 : back[item]![end]!;
    spans.unshift({ from: start, to: end - 1 });
    end = start;
  }
  return spans;
}
