import { z } from "zod";

/** An email address someone types, with the GOV.UK messages; `missing` names whose it is. */
export const emailAddress = (missing: string) =>
  z
    .string()
    .trim()
    .min(1, missing)
    .pipe(z.email("Enter an email address in the correct format, like name@example.gov.uk"));

/** A number of tokens an admin allows per day. */
export const dailyTokens = z
  .number()
  .int("Enter a whole number of tokens")
  .min(1, "Enter a number of tokens greater than 0")
  .max(1_000_000_000_000, "Enter a smaller number of tokens");

/** A downloaded CSV file (UTF-8). */
export const csvFile = z.string().describe("CSV, UTF-8");
