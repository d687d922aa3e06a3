import { escapeLike } from "@bernard/database";
import { csvFrom } from "@bernard/toolkit/exports";
import type { PortalDatabase } from "./database.js";

export interface AuditFilter {
  /** Matches actions starting with this, e.g. "sign-in" or "user.invited". */
  action?: string | undefined;
  /** Matches the actor's or the target's email, in part. */
  who?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

export interface AuditRow {
  id: string;
  at: string;
  action: string;
  actorEmail: string | null;
  target: string | null;
  ip: string | null;
  details: unknown;
}

export const AUDIT_PAGE_SIZE = 50;

function where(filter: AuditFilter) {
  return {
    ...(filter.action ? { action: { startsWith: escapeLike(filter.action) } } : {}),
    ...(filter.who
      ? {
          OR: [
            { actorEmail: { contains: escapeLike(filter.who), mode: "insensitive" as const } },
            { target: { contains: escapeLike(filter.who), mode: "insensitive" as const } },
          ],
        }
      : {}),
    ...(filter.from || filter.to
      ? {
          at: {
            ...(filter.from ? { gte: filter.from } : {}),
            ...(filter.to ? { lt: filter.to } : {}),
          },
        }
      : {}),
  };
}

const toRow = (event: {
  id: bigint;
  at: Date;
  action: string;
  actorEmail: string | null;
  target: string | null;
  ip: string | null;
  details: unknown;
}): AuditRow => ({
  id: event.id.toString(),
  at: event.at.toISOString(),
  action: event.action,
  actorEmail: event.actorEmail,
  target: event.target,
  ip: event.ip,
  details: event.details,
});

/** Newest first, one page at a time. */
export async function searchAudit(db: PortalDatabase, filter: AuditFilter, page: number) {
  const [total, events] = await Promise.all([
    db.auditEvent.count({ where: where(filter) }),
    db.auditEvent.findMany({
      where: where(filter),
      orderBy: { id: "desc" },
      skip: (page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
    }),
  ]);
  return { total, page, pageSize: AUDIT_PAGE_SIZE, events: events.map(toRow) };
}

/** Every matching event as CSV, safe to open in a spreadsheet (no cell can start a formula). */
export async function exportAudit(db: PortalDatabase, filter: AuditFilter): Promise<string> {
  const events = (
    await db.auditEvent.findMany({ where: where(filter), orderBy: { id: "asc" } })
  ).map(toRow);
  return csvFrom([
    ["id", "time", "action", "who", "about", "from", "details"],
    ...events.map((event) => [
      event.id,
      event.at,
      event.action,
      event.actorEmail ?? "",
      event.target ?? "",
      event.ip ?? "",
      JSON.stringify(event.details),
    ]),
  ]);
}
