import { terms } from "@bernard/nlp";
import { bodyOf } from "./extract.js";

/** Letters whose words are mostly the same text: a campaign, answered once. */
export interface Campaign {
  /** Indices of the letters, in their order. */
  members: number[];
}

/** Share of the shorter letter's five-word runs found in the other, to count as the same text. */
const SAME_TEXT = 0.8;
const SHINGLE = 5;

/**
 * Groups letters that share most of their text: at least 0.8 of the shorter body's five-word
 * runs are in the other (the words between greeting and sign-off; a sentence added by one
 * sender still leaves it in the campaign). Candidates are found through
 * the runs they share, so thousands of letters are not compared pair by pair.
 */
export function groupCampaigns(letters: readonly string[]): Campaign[] {
  const shingles = letters.map(shinglesOf);
  const parent = letters.map((_, index) => index);
  const root = (index: number): number => {
    while (parent[index] !== index) index = parent[index] = parent[parent[index]!]!;
    return index;
  };
  const byShingle = new Map<string, number[]>();
  shingles.forEach((set, index) => {
    for (const shingle of set) {
      const list = byShingle.get(shingle);
      if (list) list.push(index);
      else byShingle.set(shingle, [index]);
    }
  });
  const compared = new Set<string>();
  shingles.forEach((set, index) => {
    for (const shingle of set) {
      for (const other of byShingle.get(shingle)!) {
        if (other <= index || root(other) === root(index) || compared.has(`${index}:${other}`))
          continue;
        compared.add(`${index}:${other}`);
        if (containment(set, shingles[other]!) >= SAME_TEXT) parent[root(other)] = root(index);
      }
    }
  });
  const groups = new Map<number, number[]>();
  letters.forEach((_, index) => {
    const group = groups.get(root(index));
    if (group) group.push(index);
    else groups.set(root(index), [index]);
  });
  return [...groups.values()]
    .filter((members) => members.length > 1)
    .map((members) => ({ members }));
}

function shinglesOf(letter: string): Set<string> {
  const words = terms(bodyOf(letter));
  const result = new Set<string>();
  if (words.length < SHINGLE) {
    if (words.length > 0) result.add(words.join(" "));
    return result;
  }
  for (let i = 0; i + SHINGLE <= words.length; i++)
    result.add(words.slice(i, i + SHINGLE).join(" "));
  return result;
}

function containment(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const item of a) if (b.has(item)) shared += 1;
  return shared / Math.min(a.size, b.size);
}
