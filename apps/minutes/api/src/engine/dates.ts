import { DAY_NAMES, MONTH_NAMES } from "@bernard/nlp";

/** A deadline as said ("by Friday") and as a date when the meeting's date makes it one. */
export interface Due {
  /** YYYY-MM-DD, or null when it cannot be worked out (no meeting date, no year). */
  due: string | null;
  /** The words that gave it: "by Friday", "within two weeks". */
  dueText: string;
}

const NUMBERS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  ten: 10,
};
const MONTH = `(${MONTH_NAMES.join("|")})`;
const DAY_OF_MONTH = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;

/**
 * The deadline in a sentence, resolved against the meeting's date (YYYY-MM-DD): weekdays
 * ("by Friday", "next Tuesday"), "tomorrow", "the end of the week/month", "next week",
 * "within two weeks", "in 3 days", "12 March", "March 12th", "10/12/2026", "2026-12-10".
 */
export function findDue(sentence: string, meetingDate?: string): Due | undefined {
  const found = dueIn(sentence.toLowerCase(), meetingDate);
  if (!found) return undefined;
  // The phrase as the person said it, capitals and all.
  const at = sentence.toLowerCase().indexOf(found.dueText);
  return { ...found, dueText: sentence.slice(at, at + found.dueText.length) };
}

function dueIn(text: string, meetingDate?: string): Due | undefined {
  const base = meetingDate ? new Date(`${meetingDate}T00:00:00Z`) : undefined;
  const resolve = (dueText: string, date: (day: Date) => Date | undefined): Due => {
    const when = base ? date(new Date(base)) : undefined;
    return { dueText, due: when ? when.toISOString().slice(0, 10) : null };
  };
  const addDays = (day: Date, days: number) => {
    day.setUTCDate(day.getUTCDate() + days);
    return day;
  };

  let match = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(text);
  if (match) return { dueText: match[0], due: validDate(+match[1]!, +match[2]!, +match[3]!) };
  match = /\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/.exec(text);
  if (match) return { dueText: match[0], due: validDate(+match[3]!, +match[2]!, +match[1]!) };
  match =
    new RegExp(String.raw`\b${DAY_OF_MONTH}(?: of)? ${MONTH}(?: (\d{4}))?\b`).exec(text) ?? null;
  const monthFirst = new RegExp(String.raw`\b${MONTH} ${DAY_OF_MONTH}(?:,? (\d{4}))?\b`).exec(text);
  if (match || monthFirst) {
    const [phrase, day, month, year] = match
      ? [match[0], +match[1]!, MONTH_NAMES.indexOf(match[2]!) + 1, match[3]]
      : [
          monthFirst![0],
          +monthFirst![2]!,
          MONTH_NAMES.indexOf(monthFirst![1]!) + 1,
          monthFirst![3],
        ];
    if (year) return { dueText: phrase, due: validDate(+year, month, day) };
    return resolve(phrase, (meeting) => {
      const sameYear = validDate(meeting.getUTCFullYear(), month, day);
      if (!sameYear) return undefined;
      const candidate = new Date(`${sameYear}T00:00:00Z`);
      return candidate < meeting
        ? new Date(`${validDate(meeting.getUTCFullYear() + 1, month, day)}T00:00:00Z`)
        : candidate;
    });
  }
  match = /\b(next )?(sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/.exec(text);
  if (match) {
    const [phrase, next, dayName] = match;
    return resolve(phrase, (meeting) => {
      const ahead = (DAY_NAMES.indexOf(dayName!) - meeting.getUTCDay() + 7) % 7 || 7;
      return addDays(meeting, ahead + (next && ahead < 7 - mondayOffset(meeting) ? 7 : 0));
    });
  }
  if ((match = /\btomorrow\b/.exec(text))) return resolve(match[0], (day) => addDays(day, 1));
  if ((match = /\b(?:the )?end of (?:the |this )?day\b|\btoday\b|\btonight\b/.exec(text))) {
    return resolve(match[0], (day) => day);
  }
  if ((match = /\b(?:the )?end of (?:the |this )?week\b/.exec(text))) {
    return resolve(match[0], (day) => addDays(day, (5 - day.getUTCDay() + 7) % 7));
  }
  if ((match = /\bnext week\b/.exec(text))) {
    return resolve(match[0], (day) => addDays(day, 7 + ((5 - day.getUTCDay() + 7) % 7)));
  }
  if ((match = /\b(?:the )?end of (?:the |this )?month\b/.exec(text))) {
    return resolve(
      match[0],
      (day) => new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0)),
    );
  }
  if ((match = /\b(?:the )?end of next month\b|\bnext month\b/.exec(text))) {
    return resolve(
      match[0],
      (day) => new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 2, 0)),
    );
  }
  match =
    /\b(?:within|in) (?:the next )?(\d+|an?|one|two|three|four|five|six|seven|eight|ten) (day|week|month)s?\b/.exec(
      text,
    );
  if (match) {
    const count = NUMBERS[match[1]!] ?? Number(match[1]);
    const unit = match[2]!;
    return resolve(match[0], (day) =>
      unit === "month"
        ? new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + count, day.getUTCDate()))
        : addDays(day, count * (unit === "week" ? 7 : 1)),
    );
  }
  return undefined;
}

/** Days from Monday (0) of the meeting's week, for "next Friday" meaning the following week's. */
function mondayOffset(day: Date): number {
  return (day.getUTCDay() + 6) % 7;
}

function validDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    ? date.toISOString().slice(0, 10)
    : null;
}
