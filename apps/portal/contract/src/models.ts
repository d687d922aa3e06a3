import { z } from "zod";
import { dailyTokens } from "./fields.js";

/** `GET /api/admin/llm`: the connected provider and what admins may choose. */
export const modelSettingsSchema = z.object({
  /** The provider's kind, or null when no model is configured. */
  provider: z.string().nullable(),
  /** The models admins may choose; the first is each tool's default. */
  models: z.array(z.string()),
  userDailyTokens: z.number(),
});
export type ModelSettings = z.infer<typeof modelSettingsSchema>;

/** `PUT /api/admin/llm`: how many tokens each person may use per day across all tools. */
export const modelAllowanceBody = z.object({ userDailyTokens: dailyTokens });
export type ModelAllowance = z.infer<typeof modelAllowanceBody>;

const day = z.iso.date("Enter a date like 2026-11-26");

/** `GET /api/admin/llm/usage` and `usage.csv`: which days (the API fills in the last 30). */
export const usageQuery = z.object({ from: day.optional(), to: day.optional() });
export type UsagePeriod = z.infer<typeof usageQuery>;

/** Calls, tokens and cost for one day, tool or person (`key`), or for all of them. */
export const usageTotalSchema = z.object({
  key: z.string(),
  calls: z.number(),
  tokens: z.number(),
  costUsd: z.number(),
});
export type UsageTotal = z.infer<typeof usageTotalSchema>;

/** `GET /api/admin/llm/usage`. */
export const usageReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** One row per day, tool and person. */
  rows: z.array(
    z.object({
      day: z.string(),
      toolId: z.string(),
      userEmail: z.string(),
      calls: z.number(),
      cacheHits: z.number(),
      promptTokens: z.number(),
      completionTokens: z.number(),
      costUsd: z.number(),
    }),
  ),
  byDay: z.array(usageTotalSchema),
  byTool: z.array(usageTotalSchema),
  byUser: z.array(usageTotalSchema),
  total: usageTotalSchema,
});
export type UsageReport = z.infer<typeof usageReportSchema>;
