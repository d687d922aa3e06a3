import { escapeLike } from "@bernard/database";
import { AppError } from "@bernard/toolkit";
import { recordAudit } from "./audit.js";
import type { PortalDatabase } from "./database.js";
import type { PublicUser } from "./users.js";

export interface GroupSummary {
  id: string;
  name: string;
  members: number;
}

interface Context {
  actor: PublicUser;
  ip: string | null;
}

export async function listGroups(db: PortalDatabase): Promise<GroupSummary[]> {
  const groups = await db.group.findMany({
    orderBy: { name: "asc" },
    include: { _count: { select: { members: true } } },
  });
  return groups.map((group) => ({ id: group.id, name: group.name, members: group._count.members }));
}

export async function createGroup(
  db: PortalDatabase,
  name: string,
  context: Context,
): Promise<GroupSummary> {
  const trimmed = name.trim();
  const existing = await db.group.findFirst({
    // Case-insensitive equals is ILIKE: escaped, so "a_b" is not taken to mean "axb".
    where: { name: { equals: escapeLike(trimmed), mode: "insensitive" } },
  });
  if (existing) throw AppError.conflict(`There is already a group called ${existing.name}.`);
  const group = await db.group.create({ data: { name: trimmed } });
  await recordAudit(db, {
    action: "group.created",
    actor: context.actor,
    target: group.name,
    ip: context.ip,
  });
  return { id: group.id, name: group.name, members: 0 };
}

/** Replaces the groups a user belongs to. */
export async function setUserGroups(
  db: PortalDatabase,
  userId: string,
  groupIds: string[],
  context: Context,
): Promise<string[]> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw AppError.notFound("There is no such user.");
  const groups = await db.group.findMany({
    where: { id: { in: groupIds } },
    orderBy: { name: "asc" },
  });
  if (groups.length !== new Set(groupIds).size)
    throw AppError.badRequest("One of the chosen groups no longer exists. Refresh the page.");
  await db.$transaction([
    db.userGroup.deleteMany({ where: { userId } }),
    db.userGroup.createMany({ data: groups.map((group) => ({ userId, groupId: group.id })) }),
  ]);
  const names = groups.map((group) => group.name);
  await recordAudit(db, {
    action: "user.groups-changed",
    actor: context.actor,
    target: user.email,
    ip: context.ip,
    details: { groups: names.join(", ") },
  });
  return names;
}
