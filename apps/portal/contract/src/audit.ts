import { pageOf } from "@bernard/toolkit/contract";
import { z } from "zod";

/** `GET /api/admin/audit` and `/api/admin/audit.csv`: which entries (dates are whole days). */
export const auditQuery = z.object({
  action: z.string().trim().max(100).optional(),
  who: z.string().trim().max(200).optional(),
  from: z.iso.date("Enter the start date as YYYY-MM-DD").optional().or(z.literal("")),
  to: z.iso.date("Enter the end date as YYYY-MM-DD").optional().or(z.literal("")),
  page: z.coerce.number().int().min(1).default(1),
});
export type AuditFilter = z.input<typeof auditQuery>;

/** One entry of the audit log. */
export const auditEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  action: z.string(),
  actorEmail: z.string().nullable(),
  target: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.unknown(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

/** `GET /api/admin/audit`: one page of the entries that match, newest first. */
export const auditPageSchema = pageOf("events", auditEventSchema);
export type AuditPage = z.infer<typeof auditPageSchema>;

/** `POST /api/audit/exports`: a tool records what someone downloaded from it. */
export const exportRecordBody = z.object({
  what: z.string().trim().min(1, "Say what was exported").max(300),
  file: z.string().trim().min(1, "Give the file's name").max(300),
});
export type ExportRecord = z.infer<typeof exportRecordBody>;
