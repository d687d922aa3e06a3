import {
  csvFile,
  modelAllowanceBody,
  modelSettingsSchema,
  usageQuery,
  usageReportSchema,
} from "@bernard/portal-contract";
import type { ToolRoutes } from "@bernard/toolkit";
import { noContent } from "@bernard/toolkit/contract";
import { requireAdmin } from "../plugins/sessions.js";
import { recordAudit } from "../services/audit.js";
import type { PortalDatabase } from "../services/database.js";
import type { LlmGateway } from "../services/llm-gateway.js";
import { usageCsv, usageReport } from "../services/llm-usage.js";
import { CONTENT_TYPES, contentDisposition } from "@bernard/toolkit/exports";

/** Without dates, the last 30 days. */
const usagePeriod = usageQuery.transform(({ from, to }) => {
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
  return { from: from ?? monthAgo, to: to ?? today };
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
          response: { 200: modelSettingsSchema },
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
          body: modelAllowanceBody,
          response: { 204: noContent },
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
          querystring: usagePeriod,
          response: { 200: usageReportSchema },
        },
      },
      async (request) => ({ ...request.query, ...(await usageReport(db, request.query)) }),
    );

    api.get(
      "/admin/llm/usage.csv",
      {
        schema: {
          tags: ["admin"],
          querystring: usagePeriod,
          response: {
            200: {
              description: "Usage by day, tool and person as CSV",
              content: { "text/csv": { schema: csvFile } },
            },
          },
        },
      },
      async (request, reply) => {
        const csv = usageCsv(await usageReport(db, request.query));
        await recordAudit(db, {
          action: "usage.exported",
          actor: request.session!.user,
          ip: request.ip,
          details: { from: request.query.from, to: request.query.to },
        });
        return reply
          .header("content-type", CONTENT_TYPES.csv)
          .header(
            "content-disposition",
            contentDisposition(
              `bernard-model-usage-${request.query.from}-to-${request.query.to}.csv`,
            ),
          )
          .send(csv);
      },
    );
  };
}
