import type { PortalDatabase } from "./database.js";

export interface AuditEntry {
  action: string;
  actor?: { id: string; email: string } | null;
  /** What the action was about (a user's email, a tool id…). */
  target?: string | null;
  ip?: string | null;
  details?: Record<string, string | number | boolean | null>;
}

/** Appends one event to the audit log; entries are never updated or deleted. */
export async function recordAudit(db: PortalDatabase, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      action: entry.action,
      actorId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? null,
      target: entry.target ?? null,
      ip: entry.ip ?? null,
      details: entry.details ?? {},
    },
  });
}
