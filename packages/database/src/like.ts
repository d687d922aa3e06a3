/**
 * `text` escaped for a LIKE / ILIKE pattern, so that `%`, `_` and `\` in what a person typed
 * match themselves rather than "anything". PostgreSQL's default escape character is the
 * backslash. Use it wherever user text becomes a pattern: Prisma's `contains`, `startsWith`,
 * `endsWith` (and `equals` with `mode: "insensitive"`, which is ILIKE too) and raw LIKE.
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
