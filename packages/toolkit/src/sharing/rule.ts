import type { UserClaims } from "@bernard/auth";
import type { Me } from "../contract/index.js";
import { AppError } from "../errors.js";

/** Who is asking, as the portal's token names them. */
export interface Viewer {
  id: string;
  groups: readonly string[];
}

/** Who besides its owner may see something: everyone who uses the tool, or these portal groups. */
export interface Sharing {
  openToEveryone: boolean;
  sharedWith: string[];
}

/** Something a person owns and may share: the columns a tool's table keeps for it. */
export interface Shared extends Sharing {
  ownerId: string;
  ownerName: string;
}

export const viewerOf = (user: UserClaims): Viewer => ({ id: user.sub, groups: user.groups });

export const isAdmin = (user: UserClaims): boolean => user.roles.includes("admin");

/** The signed-in person, as `GET <api>/me` answers and services take them. */
export const personOf = (user: UserClaims): Me => ({
  id: user.sub,
  name: user.name,
  groups: user.groups,
  isAdmin: isAdmin(user),
});

/** Whether the person may see it: they own it, it is open to everyone, or shared with a group of theirs. */
export function canSee(viewer: Viewer, shared: Omit<Shared, "ownerName">): boolean {
  return (
    shared.ownerId === viewer.id ||
    shared.openToEveryone ||
    shared.sharedWith.some((group) => viewer.groups.includes(group))
  );
}

/**
 * The same rule as a database filter, for listing what the person may see, over a table with
 * `ownerId`, `openToEveryone` and a text-array `sharedWith` (the Prisma `where` shape).
 */
export function visibleWhere(viewer: Viewer) {
  return {
    OR: [
      { ownerId: viewer.id },
      { openToEveryone: true },
      ...(viewer.groups.length > 0 ? [{ sharedWith: { hasSome: [...viewer.groups] } }] : []),
    ],
  };
}

/** Only its owner changes who may see something; `what` names it ("consultation"). */
export function assertMayShare(viewer: Viewer, shared: Shared, what: string): void {
  if (shared.ownerId !== viewer.id) {
    throw AppError.forbidden(
      `Only ${shared.ownerName}, who owns this ${what}, can change who may see it.`,
    );
  }
}
