/** Kinds of personal data taken out of prompts, in the order they are looked for. */
const PATTERNS: { kind: string; pattern: RegExp; group?: number }[] = [
  { kind: "EMAIL", pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g },
  {
    // National Insurance number: two letters, six digits, A–D. Broader than the issued ranges on
    // purpose: a mistyped or example number (QQ 12 34 56 C) is still someone's attempt at one.
    kind: "NI_NUMBER",
    pattern: /\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/gi,
  },
  {
    // UK phone numbers: 0 or +44, then 9 or 10 more digits, spaces or dashes allowed.
    kind: "PHONE",
    pattern: /(?:\+44 ?(?:\(0\) ?)?|(?<![\d+])0)(?:\d[ -]?){8,9}\d\b/g,
  },
  { kind: "POSTCODE", pattern: /\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[A-Z]{2}\b/g },
  {
    // Names where the text gives them away: after a title, "my name is", or a sign-off.
    kind: "NAME",
    pattern:
      /\b(?:(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Sir|Dame|Lord|Lady)\.? |[Mm]y name is |(?:Yours sincerely|Yours faithfully|Kind regards|Best wishes|Regards),?\s+)([A-Z][a-z'-]+(?: [A-Z][a-z'-]+)?)/g,
    group: 1,
  },
];

/**
 * Replaces personal data in the text sent to a model with placeholders ([EMAIL_1], [NAME_2]…)
 * and puts the originals back into what the model returns. One redactor per request, so the
 * same value gets the same placeholder in every message.
 */
export class Redactor {
  readonly #placeholders = new Map<string, string>();
  readonly #originals = new Map<string, string>();
  readonly #counts = new Map<string, number>();

  redact(text: string): string {
    let redacted = text;
    for (const { kind, pattern, group } of PATTERNS) {
      redacted = redacted.replace(pattern, (match: string, ...groups: unknown[]) => {
        const value = group ? (groups[group - 1] as string) : match;
        return match.replace(value, this.#placeholderFor(kind, value));
      });
    }
    return redacted;
  }

  /** Puts the originals back in a model's reply. */
  restore(text: string): string {
    return text.replace(/\[([A-Z_]+_\d+)\]/g, (match) => this.#originals.get(match) ?? match);
  }

  /** Restores every string inside a parsed reply. */
  restoreDeep<T>(value: T): T {
    if (typeof value === "string") return this.restore(value) as T;
    if (Array.isArray(value)) return value.map((item: unknown) => this.restoreDeep(item)) as T;
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, this.restoreDeep(item)]),
      ) as T;
    }
    return value;
  }

  /** How many values of each kind were taken out. */
  get found(): Record<string, number> {
    return Object.fromEntries(this.#counts);
  }

  #placeholderFor(kind: string, value: string): string {
    const existing = this.#placeholders.get(`${kind}\n${value}`);
    if (existing) return existing;
    const count = (this.#counts.get(kind) ?? 0) + 1;
    this.#counts.set(kind, count);
    const placeholder = `[${kind}_${count}]`;
    this.#placeholders.set(`${kind}\n${value}`, placeholder);
    this.#originals.set(placeholder, value);
    return placeholder;
  }
}
