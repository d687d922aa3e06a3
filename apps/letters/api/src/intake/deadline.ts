/**
 * Reply deadlines in working days: weekends and England and Wales bank holidays do not count.
 * The regular holidays are computed for any year (Easter by the Gregorian computus, weekend
 * holidays moved to the next weekday); one-off holidays and moved dates are a table, because a
 * proclamation decides them.
 */

/** The days that were proclaimed holidays, or that a regular holiday moved to. */
const PROCLAIMED: Record<string, string[]> = {
  "1995": ["1995-05-08"],
  "1999": ["1999-12-31"],
  "2002": ["2002-06-03", "2002-06-04"],
  "2011": ["2011-04-29"],
  "2012": ["2012-06-04", "2012-06-05"],
  "2020": ["2020-05-08"],
  "2022": ["2022-06-02", "2022-06-03", "2022-09-19"],
  "2023": ["2023-05-08"],
};
/** Years in which a regular holiday was moved to a date in PROCLAIMED instead. */
const MOVED: Record<string, ("early-may" | "spring")[]> = {
  "1995": ["early-may"],
  "2002": ["spring"],
  "2012": ["spring"],
  "2020": ["early-may"],
  "2022": ["spring"],
};

export const DEFAULT_WORKING_DAYS = 20;

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher"). */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return utc(year, month, day);
}

/** England and Wales bank holidays of a year, as YYYY-MM-DD, in date order. */
export function bankHolidays(year: number): string[] {
  const moved = MOVED[String(year)] ?? [];
  const easter = easterSunday(year);
  const days = [
    nextWeekday(utc(year, 1, 1)),
    addDays(easter, -2),
    addDays(easter, 1),
    ...(moved.includes("early-may") ? [] : [nthWeekday(year, 5, 1, 1)]),
    ...(moved.includes("spring") ? [] : [lastWeekday(year, 5, 1)]),
    lastWeekday(year, 8, 1),
    ...christmas(year),
  ].map(isoDate);
  return [...new Set([...days, ...(PROCLAIMED[String(year)] ?? [])])].sort();
}

/**
 * The date `days` working days after `received` (the day of receipt is day 0), as YYYY-MM-DD.
 * `extraHolidays` adds days the office is closed (YYYY-MM-DD).
 */
export function addWorkingDays(
  received: string,
  days: number = DEFAULT_WORKING_DAYS,
  extraHolidays: readonly string[] = [],
): string {
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(
      `The number of working days must be a whole number of 0 or more, not ${days}.`,
    );
  }
  const closed = new Set(extraHolidays);
  const yearsDone = new Set<number>();
  let date = parseIsoDate(received);
  let left = days;
  while (left > 0) {
    date = addDays(date, 1);
    const year = date.getUTCFullYear();
    if (!yearsDone.has(year)) {
      for (const holiday of bankHolidays(year)) closed.add(holiday);
      yearsDone.add(year);
    }
    if (!isWeekend(date) && !closed.has(isoDate(date))) left -= 1;
  }
  return isoDate(date);
}

/** A YYYY-MM-DD date that exists, as a UTC Date; throws a RangeError saying what to write. */
export function parseIsoDate(value: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? utc(Number(match[1]), Number(match[2]), Number(match[3])) : undefined;
  if (!date || isoDate(date) !== value) {
    throw new RangeError(
      `"${value}" is not a date: write it as YYYY-MM-DD, for example 2026-03-03.`,
    );
  }
  return date;
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function utc(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day));
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

function isWeekend(date: Date): boolean {
  return date.getUTCDay() === 0 || date.getUTCDay() === 6;
}

function nextWeekday(date: Date): Date {
  let day = date;
  while (isWeekend(day)) day = addDays(day, 1);
  return day;
}

/** The nth given weekday (0 = Sunday) of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): Date {
  const first = utc(year, month, 1);
  return addDays(first, ((weekday - first.getUTCDay() + 7) % 7) + (n - 1) * 7);
}

function lastWeekday(year: number, month: number, weekday: number): Date {
  const last = utc(year, month + 1, 0);
  return addDays(last, -((last.getUTCDay() - weekday + 7) % 7));
}

/** Christmas Day and Boxing Day, each moved past the weekend and past each other. */
function christmas(year: number): Date[] {
  const christmasDay = nextWeekday(utc(year, 12, 25));
  let boxingDay = nextWeekday(utc(year, 12, 26));
  if (isoDate(boxingDay) === isoDate(christmasDay)) boxingDay = nextWeekday(addDays(boxingDay, 1));
  return [christmasDay, boxingDay];
}
