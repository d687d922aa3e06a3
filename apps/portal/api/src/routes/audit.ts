import { auditPageSchema, auditQuery, csvFile } from "@bernard/portal-contract";
import { CONTENT_TYPES, contentDisposition } from "@bernard/toolkit/exports";
import type { ToolRoutes } from "@bernard/toolkit";
import type { z } from "zod";
import { requireAdmin } from "../plugins/sessions.js";
import { recordAudit } from "../services/audit.js";
import { exportAudit, searchAudit } from "../services/audit-log.js";
import type { PortalDatabase } from "../services/database.js";

function toFilter(query: z.infer<typeof auditQuery>) {
  const nextDay = (date: string) => new Date(new Date(`${date}T00:00:00Z`).getTime() + 86_400_000);
  return {
    action: query.action || undefined,
    who: query.who || undefined,
    from: query.from ? new Date(`${query.from}T00:00:00Z`) : undefined,
    to: query.to ? nextDay(query.to) : undefined,
  };
}

/** The audit log for admins: filter, page through, export. */
export function auditRoutes(db: PortalDatabase): ToolRoutes {
  return async (api) => {
    api.addHook("onRequest", requireAdmin);

    api.get(
      "/admin/audit",
      {
        schema: {
          tags: ["admin"],
          querystring: auditQuery,
          response: { 200: auditPageSchema },
        },
      },
      async (request) => searchAudit(db, toFilter(request.query), request.query.page),
    );

    api.get(
      "/admin/audit.csv",
      {
        schema: {
          tags: ["admin"],
          querystring: auditQuery,
          response: {
            200: {
              description: "The filtered audit log as CSV",
              content: { "text/csv": { schema: csvFile } },
            },
          },
        },
      },
      async (request, reply) => {
        const csv = await exportAudit(db, toFilter(request.query));
        await recordAudit(db, {
          action: "audit.exported",
          actor: request.session!.user,
          ip: request.ip,
          details: { action: request.query.action ?? null, who: request.query.who ?? null },
        });
        return reply
          .header("content-type", CONTENT_TYPES.csv)
          .header(
            "content-disposition",
            contentDisposition(`bernard-audit-${new Date().toISOString().slice(0, 10)}.csv`),
          )
          .send(csv);
      },
    );
  };
}
