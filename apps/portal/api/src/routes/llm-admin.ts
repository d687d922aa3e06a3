import type { ToolRoutes } from "@bernard/toolkit";
import { z } from "zod";
import { requireAdmin } from "../plugins/sessions.js";
import { recordAudit } from "../services/audit.js";
import type { PortalDatabase } from "../services/database.js";
import type { LlmGateway } from "../services/llm-gateway.js";
import { usageCsv, usageReport } from "../services/llm-usage.js";

const day = z.iso.date("Enter a date like 2026-11-26");
const usageQuery = z
  .object({ from: day.optional(), to: day.optional() })
  .transform(({ from, to }) => {
    const today = new Date().toISOString().slice(0, 10);
    const monthAgo = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
    return { from: from ?? monthAgo, to: to ?? today };
  });

const total = z.object({
  key: z.string(),
  calls: z.number(),
  tokens: z.number(),
  costUsd: z.number(),
});

/** Admins see which model provider is connected, set the daily allowance per person, and read usage. */
export function llmAdminRoutes(
  db: PortalDatabase,
  gateway: LlmGateway,
  provider: string | null,
): ToolRoutes {
  return async (api) => {
    api.addHook("onRequest", requireAdmin);

    api.get(
      "/admin/llm",
      {
        schema: {
          tags: ["admin"],
          response: {
            200: z.object({
              provider: z.string().nullable(),
              models: z.array(z.string()),
              userDailyTokens: z.number(),
            }),
          },
        },
      },
      async () => ({
        provider,
        models: gateway.models,
        userDailyTokens: await gateway.userDailyTokens(),
      }),
    );

    api.put(
      "/admin/llm",
      {
        schema: {
          tags: ["admin"],
          body: z.object({
            userDailyTokens: z
              .number()
              .int("Enter a whole number of tokens")
              .min(1, "Enter a number of tokens greater than 0")
              .max(1_000_000_000_000, "Enter a smaller number of tokens"),
          }),
        },
      },
      async (request, reply) => {
        const before = await gateway.userDailyTokens();
        await gateway.setUserDailyTokens(request.body.userDailyTokens);
        await recordAudit(db, {
          action: "settings.changed",
          actor: request.session!.user,
          target: "tokens per person per day",
          ip: request.ip,
          details: { from: before, to: request.body.userDailyTokens },
        });
        return reply.code(204).send();
      },
    );

    api.get(
      "/admin/llm/usage",
      {
        schema: {
          tags: ["admin"],
          querystring: usageQuery,
          response: {
            200: z.object({
              from: z.string(),
              to: z.string(),
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
              byDay: z.array(total),
              byTool: z.array(total),
              byUser: z.array(total),
              total,
            }),
          },
        },
      },
      async (request) => ({ ...request.query, ...(await usageReport(db, request.query)) }),
    );

    api.get(
      "/admin/llm/usage.csv",
      { schema: { tags: ["admin"], querystring: usageQuery } },
      async (request, reply) => {
        const csv = usageCsv(await usageReport(db, request.query));
        await recordAudit(db, {
          action: "usage.exported",
          actor: request.session!.user,
          ip: request.ip,
          details: { from: request.query.from, to: request.query.to },
        });
        return reply
          .header("Content-Type", "text/csv; charset=utf-8")
          .header(
            "Content-Disposition",
            `attachment; filename="bernard-model-usage-${request.query.from}-to-${request.query.to}.csv"`,
          )
          .send(csv);
      },
    );
  };
}
