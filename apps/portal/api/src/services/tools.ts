import { AppError } from "@bernard/toolkit";
import type { AccessCache } from "./access-cache.js";
import { recordAudit, type AuditAction } from "./audit.js";
import type { PortalDatabase } from "./database.js";
import type { ActiveSession } from "./sessions.js";
import type { ToolRegistry, ToolStatus } from "./tool-registry.js";
import type { PublicUser, Role } from "./users.js";

export interface CatalogueEntry {
  id: string;
  name: string;
  description: string;
  /** Where the tool opens on the portal's origin. */
  href: string;
}

export interface ManagedTool extends CatalogueEntry {
  version: string | null;
  enabled: boolean;
  openToEveryone: boolean;
  groups: { id: string; name: string }[];
  status: ToolStatus;
  /** The model chosen for the tool; null: the first allowed model. */
  llmModel: string | null;
  /** The tool's daily token allowance; null: the installation's default. */
  llmDailyTokens: number | null;
}

export interface ToolSettings {
  enabled: boolean;
  openToEveryone: boolean;
  groupIds: string[];
  /** Left as they are when not given. */
  llmModel?: string | null | undefined;
  llmDailyTokens?: number | null | undefined;
}

const WITH_GROUPS = { groups: { include: { group: true } } } as const;

type ToolRow = NonNullable<
  Awaited<ReturnType<PortalDatabase["tool"]["findUnique"]>> & {
    groups: { group: { id: string; name: string } }[];
  }
>;

/** What decides who may open a tool. */
export interface ToolAccess {
  enabled: boolean;
  roles: Role[];
  openToEveryone: boolean;
  groupIds: string[];
}

/** Why this person may not open this tool, or undefined if they may. */
export function refusal(
  tool: ToolAccess | undefined,
  session: Pick<ActiveSession, "user" | "groups">,
): string | undefined {
  if (!tool?.enabled) return "This tool is switched off.";
  if (!tool.roles.includes(session.user.role)) return "This tool is not open to your role.";
  if (tool.openToEveryone) return undefined;
  return session.groups.some((group) => tool.groupIds.includes(group.id))
    ? undefined
    : "This tool is not open to your groups.";
}

/**
 * Who may open a tool. The gateway asks on every request, so it is answered from the access
 * cache when it can, and otherwise with one SQL statement.
 */
export async function findToolAccess(
  db: PortalDatabase,
  cache: AccessCache,
  id: string,
): Promise<ToolAccess | undefined> {
  return cache.tools.get(id, async () => {
    const [access] = await db.$queryRaw<ToolAccess[]>`
      SELECT t.enabled, t.roles::text[] AS roles, t.open_to_everyone AS "openToEveryone",
             COALESCE(array_agg(tg.group_id::text) FILTER (WHERE tg.group_id IS NOT NULL), '{}')
               AS "groupIds"
      FROM tool t
      LEFT JOIN tool_group tg ON tg.tool_id = t.id
      WHERE t.id = ${id}
      GROUP BY t.id`;
    return access;
  });
}

function accessOf(tool: ToolRow): ToolAccess {
  return {
    enabled: tool.enabled,
    roles: tool.roles,
    openToEveryone: tool.openToEveryone,
    groupIds: tool.groups.map(({ group }) => group.id),
  };
}

function findTool(db: PortalDatabase, id: string): Promise<ToolRow | null> {
  return db.tool.findUnique({ where: { id }, include: WITH_GROUPS });
}

/** The tools this person may open, by name. */
export async function catalogue(
  db: PortalDatabase,
  registry: ToolRegistry,
  session: ActiveSession,
): Promise<CatalogueEntry[]> {
  await registry.describeTheUndescribed();
  const tools = await db.tool.findMany({
    where: { id: { in: registry.ids }, enabled: true },
    include: WITH_GROUPS,
    orderBy: { name: "asc" },
  });
  return tools.filter((tool) => !refusal(accessOf(tool), session)).map(toCatalogueEntry);
}

/** Every configured tool with its live status, for the admin tools page. */
export async function listManagedTools(
  db: PortalDatabase,
  registry: ToolRegistry,
): Promise<ManagedTool[]> {
  await registry.checkAll();
  const tools = await db.tool.findMany({
    where: { id: { in: registry.ids } },
    include: WITH_GROUPS,
    orderBy: { name: "asc" },
  });
  return Promise.all(
    tools.map(async (tool) => toManagedTool(tool, await registry.status(tool.id))),
  );
}

export async function findManagedTool(
  db: PortalDatabase,
  registry: ToolRegistry,
  id: string,
): Promise<ManagedTool> {
  const status = registry.endpoint(id) ? await registry.check(id) : undefined;
  const tool = status && (await findTool(db, id));
  if (!status || !tool) throw AppError.notFound(`There is no tool called ${id}.`);
  return toManagedTool(tool, status);
}

/** Switches a tool on or off and sets who may use it; each kind of change is audited. */
export async function changeToolSettings(
  db: PortalDatabase,
  registry: ToolRegistry,
  id: string,
  settings: ToolSettings,
  context: { actor: PublicUser; ip: string | null; allowedModels: string[] },
): Promise<ManagedTool> {
  const before = await findManagedTool(db, registry, id);
  if (settings.llmModel && !context.allowedModels.includes(settings.llmModel)) {
    const message = `Choose one of the allowed models: ${context.allowedModels.join(", ")}`;
    throw AppError.badRequest(message, [{ field: "llmModel", message }]);
  }
  const groupIds = settings.openToEveryone ? [] : [...new Set(settings.groupIds)];
  const known = await db.group.findMany({ where: { id: { in: groupIds } } });
  if (known.length !== groupIds.length) {
    throw AppError.badRequest("One of the groups no longer exists. Refresh the page.", [
      { field: "groupIds", message: "One of the groups no longer exists. Refresh the page." },
    ]);
  }
  if (!settings.openToEveryone && groupIds.length === 0) {
    const message = "Select at least one group, or open the tool to everyone";
    throw AppError.badRequest(message, [{ field: "groupIds", message }]);
  }

  await db.$transaction([
    db.tool.update({
      where: { id },
      data: {
        enabled: settings.enabled,
        openToEveryone: settings.openToEveryone,
        ...(settings.llmModel !== undefined ? { llmModel: settings.llmModel } : {}),
        ...(settings.llmDailyTokens !== undefined
          ? { llmDailyTokens: settings.llmDailyTokens }
          : {}),
      },
    }),
    db.toolGroup.deleteMany({ where: { toolId: id } }),
    db.toolGroup.createMany({ data: groupIds.map((groupId) => ({ toolId: id, groupId })) }),
  ]);
  const after = await findManagedTool(db, registry, id);

  const audit = (action: AuditAction, details: Record<string, string | boolean> = {}) =>
    recordAudit(db, { action, actor: context.actor, target: id, ip: context.ip, details });
  if (before.enabled !== after.enabled)
    await audit(after.enabled ? "tool.enabled" : "tool.disabled");
  const describeAccess = (tool: ManagedTool) =>
    tool.openToEveryone ? "everyone" : tool.groups.map((group) => group.name).join(", ");
  if (describeAccess(before) !== describeAccess(after)) {
    await audit("tool.access_changed", { from: describeAccess(before), to: describeAccess(after) });
  }
  if (before.llmModel !== after.llmModel) {
    await audit("tool.model_changed", {
      from: before.llmModel ?? "default",
      to: after.llmModel ?? "default",
    });
  }
  if (before.llmDailyTokens !== after.llmDailyTokens) {
    await audit("tool.quota_changed", {
      from: String(before.llmDailyTokens ?? "default"),
      to: String(after.llmDailyTokens ?? "default"),
    });
  }
  return after;
}

function toCatalogueEntry(tool: ToolRow): CatalogueEntry {
  return {
    id: tool.id,
    name: tool.name,
    description: tool.description,
    href: `/tools/${tool.id}/`,
  };
}

function toManagedTool(tool: ToolRow, status: ToolStatus): ManagedTool {
  return {
    ...toCatalogueEntry(tool),
    version: tool.version,
    enabled: tool.enabled,
    openToEveryone: tool.openToEveryone,
    groups: tool.groups
      .map(({ group }) => ({ id: group.id, name: group.name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    status,
    llmModel: tool.llmModel,
    llmDailyTokens: tool.llmDailyTokens,
  };
}
