import type { PortalDatabase } from "./database.js";

/** Every action the audit log records; the admin page filters by their prefixes. */
export const AUDIT_ACTIONS = [
  "sign-in.succeeded",
  "sign-in.failed",
  "sign-in.throttled",
  "sign-out",
  "sign-out.everywhere",
  "user.invited",
  "user.invitation-accepted",
  "user.password-changed",
  "user.password-change-failed",
  "user.password-change-throttled",
  "user.password-reset",
  "user.role-changed",
  "user.deactivated",
  "user.reactivated",
  "user.unlocked",
  "user.groups-changed",
  "group.created",
  "tool.opened",
  "tool.enabled",
  "tool.disabled",
  "tool.access_changed",
  "tool.model_changed",
  "tool.quota_changed",
  "export",
  "audit.exported",
  "usage.exported",
  "settings.changed",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  action: AuditAction;
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
