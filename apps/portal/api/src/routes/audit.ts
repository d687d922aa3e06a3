import type { ToolRoutes } from "@bernard/toolkit";
import { z } from "zod";
import { requireAdmin } from "../plugins/sessions.js";
import { recordAudit } from "../services/audit.js";
import { exportAudit, searchAudit } from "../services/audit-log.js";
import type { PortalDatabase } from "../services/database.js";

const filterQuery = z.object({
  action: z.string().trim().max(100).optional(),
  who: z.string().trim().max(200).optional(),
  from: z.iso.date("Enter the start date as YYYY-MM-DD").optional().or(z.literal("")),
  to: z.iso.date("Enter the end date as YYYY-MM-DD").optional().or(z.literal("")),
  page: z.coerce.number().int().min(1).default(1),
});

function toFilter(query: z.infer<typeof filterQuery>) {
  const nextDay = (date: string) => new Date(new Date(`${date}T00:00:00Z`).getTime() + 86_400_000);
  return {
    action: query.action || undefined,
    who: query.who || undefined,
    from: query.from ? new Date(`${query.from}T00:00:00Z`) : undefined,
    to: query.to ? nextDay(query.to) : undefined,
  };
}

const auditRow = z.object({
  id: z.string(),
  at: z.string(),
  action: z.string(),
  actorEmail: z.string().nullable(),
  target: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.unknown(),
});

/** The audit log for admins: filter, page through, export. */
export function auditRoutes(db: PortalDatabase): ToolRoutes {
  return async (api) => {
    api.addHook("onRequest", requireAdmin);

    api.get(
      "/admin/audit",
      {
        schema: {
          tags: ["admin"],
          querystring: filterQuery,
          response: {
            200: z.object({
              total: z.number(),
              page: z.number(),
              pageSize: z.number(),
              events: z.array(auditRow),
            }),
          },
        },
      },
      async (request) => searchAudit(db, toFilter(request.query), request.query.page),
    );

    api.get(
      "/admin/audit.csv",
      {
        schema: {
          tags: ["admin"],
          querystring: filterQuery,
          description: "The filtered audit log as CSV",
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
          .header("Content-Type", "text/csv; charset=utf-8")
          .header(
            "Content-Disposition",
            `attachment; filename="bernard-audit-${new Date().toISOString().slice(0, 10)}.csv"`,
          )
          .send(csv);
      },
    );
  };
}
