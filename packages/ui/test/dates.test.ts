import { describe, expect, it } from "vitest";
import {
  datePartsOf,
  formatDate,
  formatDateTime,
  formatTime,
  readDateParts,
} from "../src/dates.js";

describe("formatDate", () => {
  it("says a calendar date as GOV.UK does, whatever the reader's time zone", () => {
    expect(formatDate("2026-09-01")).toBe("1 September 2026");
    expect(formatDate("2026-12-31")).toBe("31 December 2026");
  });

  it("says the day of a timestamp or a Date", () => {
    expect(formatDate(new Date(2026, 8, 1, 12, 0))).toBe("1 September 2026");
    expect(formatDate(new Date(2026, 0, 9, 9, 30).toISOString())).toBe("9 January 2026");
  });
});

describe("formatDateTime", () => {
  it("adds the time on a 12-hour clock, with midday and midnight as 12pm and 12am", () => {
    expect(formatDateTime(new Date(2026, 8, 1, 15, 5))).toBe("1 September 2026 at 3:05pm");
    expect(formatTime(new Date(2026, 8, 1, 12, 0))).toBe("12pm");
    expect(formatTime(new Date(2026, 8, 1, 0, 0))).toBe("12am");
    expect(formatTime(new Date(2026, 8, 1, 9, 30).toISOString())).toBe("9:30am");
  });
});

describe("readDateParts", () => {
  const read = (day: string, month: string, year: string) =>
    readDateParts({ day, month, year }, "Opened on");

  it("reads a real date, with the month as a number or a name", () => {
    expect(read("1", "9", "2026")).toEqual({ state: "valid", value: "2026-09-01" });
    expect(read(" 01 ", "Sep", "2026")).toEqual({ state: "valid", value: "2026-09-01" });
    expect(read("29", "february", "2028")).toEqual({ state: "valid", value: "2028-02-29" });
    expect(read("", "", "")).toEqual({ state: "empty" });
  });

  it("says what is missing or wrong with the GOV.UK messages, and which boxes to mark", () => {
    expect(read("1", "", "2026")).toEqual({
      state: "invalid",
      message: "Opened on must include a month",
      parts: ["month"],
    });
    expect(read("", "", "2026")).toMatchObject({
      message: "Opened on must include a day and a month",
      parts: ["day", "month"],
    });
    expect(read("1", "9", "26")).toMatchObject({
      message: "Year must include 4 numbers",
      parts: ["year"],
    });
    expect(read("31", "2", "2026")).toMatchObject({
      message: "Opened on must be a real date",
      parts: ["day"],
    });
    expect(read("1", "13", "2026")).toMatchObject({ parts: ["month"] });
    expect(read("x", "y", "2026")).toMatchObject({ parts: ["day", "month"] });
  });

  it("fills the boxes from a saved date", () => {
    expect(datePartsOf("2026-09-01")).toEqual({ day: "1", month: "9", year: "2026" });
    expect(datePartsOf(undefined)).toEqual({ day: "", month: "", year: "" });
  });
});
