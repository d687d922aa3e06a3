/**
 * Characters PostgreSQL text (and jsonb) cannot store: the NUL character, and half of a UTF-16
 * surrogate pair. Files can carry both (JSON spells them \u0000 and \ud800).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What in `text` PostgreSQL cannot store, described for a person; undefined when nothing. */
export function unstorableCharacter(text: string): string | undefined {
  if (text.includes("\u0000")) return "a NUL character (code 0)";
  if (LONE_SURROGATE.test(text)) return "a broken character (half of a UTF-16 pair)";
  return undefined;
}

/** `text` with every character PostgreSQL cannot store replaced by U+FFFD, for headings. */
export function storableText(text: string): string {
  return text.replace(new RegExp(`\u0000|${LONE_SURROGATE.source}`, "g"), "\uFFFD");
}
