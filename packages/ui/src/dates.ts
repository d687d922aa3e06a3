/**
 * Dates as people read them on every page, in the GOV.UK style: "1 September 2026", and
 * "1 September 2026 at 3:05pm" for a moment. One place, so every page says dates the same way.
 */

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

const dayMonthYear = (timeZone: string | undefined) =>
  new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone });

const longDate = dayMonthYear(undefined);
// A calendar date ("2026-09-01") names a day, not a moment: read it where it was written (UTC).
const calendarDate = dayMonthYear("UTC");
const clock = new Intl.DateTimeFormat("en-GB", {
  hour: "numeric",
  minute: "2-digit",
  hourCycle: "h12",
});

/** "1 September 2026", from a calendar date ("2026-09-01"), a timestamp or a Date. */
export function formatDate(value: string | Date): string {
  if (typeof value === "string" && DATE_ONLY.test(value)) {
    return calendarDate.format(new Date(`${value}T00:00:00Z`));
  }
  return longDate.format(new Date(value));
}

/** "3:05pm", "12pm" (midday), "12am" (midnight), in the reader's time zone. */
export function formatTime(value: string | Date): string {
  const parts = clock.formatToParts(new Date(value));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((found) => found.type === type)?.value ?? "";
  const minutes = part("minute");
  return `${part("hour")}${minutes === "00" ? "" : `:${minutes}`}${part("dayPeriod").toLowerCase()}`;
}

/** "1 September 2026 at 3:05pm", in the reader's time zone. */
export function formatDateTime(value: string | Date): string {
  return `${formatDate(new Date(value))} at ${formatTime(value)}`;
}

/** What someone typed into the three boxes of a GOV.UK date input. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export const EMPTY_DATE: DateParts = { day: "", month: "", year: "" };

/** The boxes filled from a calendar date ("2026-09-01"), e.g. to edit a saved date. */
export function datePartsOf(value: string | undefined): DateParts {
  const match = value ? DATE_ONLY.exec(value) : null;
  if (!match) return EMPTY_DATE;
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1]! };
}

export type DatePart = keyof DateParts;

/** What was typed, read: nothing, a calendar date, or what is wrong and which boxes to mark. */
export type ReadDate =
  | { state: "empty" }
  | { state: "valid"; value: string }
  | { state: "invalid"; message: string; parts: DatePart[] };

/** English month names in lower case, January first (the browser's own calendar names them). */
const MONTH_NAME = new Intl.DateTimeFormat("en-GB", { month: "long", timeZone: "UTC" });
const MONTHS = Array.from({ length: 12 }, (_, month) =>
  MONTH_NAME.format(Date.UTC(2000, month, 1)).toLowerCase(),
);

/** A month as a number, or as its name or first three letters ("Sep", "september"), as GOV.UK advises. */
function monthNumber(typed: string): number {
  if (/^\d{1,2}$/.test(typed)) return Number(typed);
  const name = typed.toLowerCase();
  const index = MONTHS.findIndex((month) => name.length >= 3 && month.startsWith(name));
  return index + 1;
}

/**
 * Reads a GOV.UK date input, with the GOV.UK messages: "<Label> must include a month",
 * "<Label> must be a real date", "Year must include 4 numbers". `label` starts the message,
 * as in the question ("Opened on").
 */
export function readDateParts(parts: DateParts, label: string): ReadDate {
  const typed = {
    day: parts.day.trim(),
    month: parts.month.trim(),
    year: parts.year.trim(),
  };
  const missing = (Object.keys(typed) as DatePart[]).filter((part) => typed[part] === "");
  if (missing.length === 3) return { state: "empty" };
  if (missing.length > 0) {
    return {
      state: "invalid",
      message: `${label} must include ${missing.map((part) => `a ${part}`).join(" and ")}`,
      parts: missing,
    };
  }
  if (!/^\d{4}$/.test(typed.year)) {
    return { state: "invalid", message: "Year must include 4 numbers", parts: ["year"] };
  }
  const day = /^\d{1,2}$/.test(typed.day) ? Number(typed.day) : 0;
  const month = monthNumber(typed.month);
  const year = Number(typed.year);
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day;
  if (!real) {
    // With a real month, the day is what is wrong; otherwise the month, and the day if no month has it.
    const realMonth = month >= 1 && month <= 12;
    const parts: DatePart[] = realMonth
      ? ["day"]
      : day >= 1 && day <= 31
        ? ["month"]
        : ["day", "month"];
    return { state: "invalid", message: `${label} must be a real date`, parts };
  }
  return { state: "valid", value: date.toISOString().slice(0, 10) };
}
