import { recordAudit } from "./audit.js";
import type { PortalDatabase } from "./database.js";
import type { ActiveSession } from "./sessions.js";

/**
 * Audits a page of a tool being opened, once per session and tool: a person moving around a tool
 * is one `tool.opened`, not one per page. One INSERT ... ON CONFLICT DO NOTHING decides, so
 * parallel page loads (or replicas) cannot both audit it.
 */
export async function recordToolOpened(
  db: PortalDatabase,
  session: Pick<ActiveSession, "id" | "user">,
  toolId: string,
  request: { ip: string; path: string },
): Promise<void> {
  const first = await db.$executeRaw`
    INSERT INTO tool_opened (session_id, tool_id) VALUES (${session.id}::uuid, ${toolId})
    ON CONFLICT DO NOTHING`;
  if (first === 0) return;
  await recordAudit(db, {
    action: "tool.opened",
    actor: session.user,
    target: toolId,
    ip: request.ip,
    details: { path: request.path },
  });
}
