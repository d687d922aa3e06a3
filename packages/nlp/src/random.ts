/** A seeded random generator (mulberry32): the same input always gives the same clusters. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * At most `size` of the items, chosen by their text (the same ones whatever order they come in or
 * what they are called), for work whose result is settled long before it has seen them all.
 */
export function sampleByContent<T>(items: T[], size: number, textOf: (item: T) => string): T[] {
  if (items.length <= size) return items;
  const keyed = items.map((item) => {
    const text = textOf(item);
    return { item, text, hash: hashOf(text) };
  });
  keyed.sort((a, b) => a.hash - b.hash || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  return keyed.slice(0, size).map((entry) => entry.item);
}

/** FNV-1a: a cheap, stable hash of a text. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
