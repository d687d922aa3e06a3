import { csvFrom } from "@bernard/toolkit/exports";
import type { PortalDatabase } from "./database.js";

export interface UsageQuery {
  /** First and last day (UTC, inclusive), as YYYY-MM-DD. */
  from: string;
  to: string;
}

export interface UsageRow {
  day: string;
  toolId: string;
  userEmail: string;
  calls: number;
  cacheHits: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

export interface UsageTotal {
  key: string;
  calls: number;
  tokens: number;
  costUsd: number;
}

export interface UsageReport {
  rows: UsageRow[];
  byDay: UsageTotal[];
  byTool: UsageTotal[];
  byUser: UsageTotal[];
  total: UsageTotal;
}

/** Tokens and cost through the gateway, by day, tool and person, for a range of days. */
export async function usageReport(db: PortalDatabase, query: UsageQuery): Promise<UsageReport> {
  const rows = await db.$queryRaw<UsageRow[]>`
    SELECT to_char(date_trunc('day', at), 'YYYY-MM-DD') AS day,
           tool_id AS "toolId",
           COALESCE(user_email, '') AS "userEmail",
           count(*)::int AS calls,
           count(*) FILTER (WHERE cache_hit)::int AS "cacheHits",
           sum(prompt_tokens)::int AS "promptTokens",
           sum(completion_tokens)::int AS "completionTokens",
           COALESCE(sum(cost_usd), 0)::float AS "costUsd"
    FROM llm_usage
    WHERE at >= ${new Date(`${query.from}T00:00:00Z`)}
      AND at < ${new Date(Date.parse(`${query.to}T00:00:00Z`) + 86_400_000)}
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3`;
  const totals = (keyOf: (row: UsageRow) => string) => {
    const byKey = new Map<string, UsageTotal>();
    for (const row of rows) {
      const key = keyOf(row);
      const total = byKey.get(key) ?? { key, calls: 0, tokens: 0, costUsd: 0 };
      total.calls += row.calls;
      total.tokens += row.promptTokens + row.completionTokens;
      total.costUsd += row.costUsd;
      byKey.set(key, total);
    }
    return [...byKey.values()];
  };
  const byDay = totals((row) => row.day);
  return {
    rows,
    byDay,
    byTool: totals((row) => row.toolId).sort((a, b) => b.tokens - a.tokens),
    byUser: totals((row) => row.userEmail).sort((a, b) => b.tokens - a.tokens),
    total: totals(() => "total")[0] ?? { key: "total", calls: 0, tokens: 0, costUsd: 0 },
  };
}

export function usageCsv(report: UsageReport): string {
  return csvFrom([
    [
      "day",
      "tool",
      "user",
      "calls",
      "cache hits",
      "prompt tokens",
      "completion tokens",
      "cost (USD)",
    ],
    ...report.rows.map((row) => [
      row.day,
      row.toolId,
      row.userEmail,
      row.calls,
      row.cacheHits,
      row.promptTokens,
      row.completionTokens,
      row.costUsd.toFixed(6),
    ]),
  ]);
}
