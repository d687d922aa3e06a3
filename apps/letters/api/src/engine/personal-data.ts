import type { LetterDetails } from "../intake/extract.js";

/**
 * The personal data a letter's own fields name (the correspondent's name, address, postcode and
 * email; the MP's and the constituent's names), swapped for placeholders ([PERSON_1],
 * [ADDRESS_1]…) before a letter goes to a model, and put back in what it returns. Emails, phone
 * numbers and postcodes written anywhere else are caught by the model client's own redaction
 * (`redact: true`), which runs after this.
 */
export class LetterRedactor {
  readonly #values: { value: string; placeholder: string }[] = [];
  readonly #originals = new Map<string, string>();

  constructor(details: LetterDetails) {
    const found: [string, string | undefined][] = [
      ["PERSON", details.correspondent.name],
      ["PERSON", details.onBehalfOf?.mpName],
      ["PERSON", details.onBehalfOf?.constituentName],
      ["EMAIL", details.correspondent.email],
      ["POSTCODE", details.correspondent.postcode],
      ...details.correspondent.address.map((line): [string, string] => ["ADDRESS", line]),
    ];
    const counts = new Map<string, number>();
    for (const [kind, raw] of found) {
      const value = raw?.trim();
      if (!value || value.length < 3 || this.#values.some((known) => known.value === value))
        continue;
      const count = (counts.get(kind) ?? 0) + 1;
      counts.set(kind, count);
      const placeholder = `[${kind}_${count}]`;
      this.#values.push({ value, placeholder });
      this.#originals.set(placeholder, value);
    }
    // Longest first, so "Mr Robert Brown" goes before "Robert Brown" would split it.
    this.#values.sort((a, b) => b.value.length - a.value.length);
  }

  redact(text: string): string {
    let redacted = text;
    for (const { value, placeholder } of this.#values)
      redacted = redacted.replace(new RegExp(escapeRegExp(value), "gi"), placeholder);
    return redacted;
  }

  restore(text: string): string {
    return text.replace(/\[[A-Z]+_\d+\]/g, (match) => this.#originals.get(match) ?? match);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
