import { hashPassword, passwordProblems } from "@bernard/auth";
import { AppError } from "@bernard/toolkit";
import { recordAudit, type AuditAction } from "./audit.js";
import type { PortalDatabase } from "./database.js";
import { hashSecretToken, newSecretToken } from "./secret-tokens.js";
import { clearAccountThrottles, throttledAccounts } from "./sign-in-throttle.js";
import { endAllSessions } from "./sessions.js";
import { normaliseEmail, toPublicUser, type PublicUser, type Role } from "./users.js";

const INVITATION_DAYS = 7;

export interface ManagedUser extends PublicUser {
  active: boolean;
  /** Names of the groups they belong to. */
  groups: string[];
  /** Invited but has not chosen a password yet. */
  invited: boolean;
  createdAt: string;
  /** Until when signing in is throttled after many wrong passwords (ISO time), else null. */
  signInThrottledUntil: string | null;
}

interface Context {
  actor: PublicUser;
  ip: string | null;
}

type UserWithGroups = PublicUser & {
  active: boolean;
  passwordHash: string | null;
  createdAt: Date;
  groups: { group: { name: string } }[];
};
const WITH_GROUPS = { groups: { include: { group: true } } } as const;

function toManagedUser(user: UserWithGroups, throttledUntil?: Date): ManagedUser {
  return {
    ...toPublicUser(user),
    active: user.active,
    groups: user.groups.map((membership) => membership.group.name).sort(),
    invited: user.passwordHash === null,
    createdAt: user.createdAt.toISOString(),
    signInThrottledUntil: throttledUntil?.toISOString() ?? null,
  };
}

export async function listUsers(db: PortalDatabase): Promise<ManagedUser[]> {
  const [users, throttled] = await Promise.all([
    db.user.findMany({ orderBy: { email: "asc" }, include: WITH_GROUPS }),
    throttledAccounts(db),
  ]);
  return users.map((user) => toManagedUser(user, throttled.get(user.email)));
}

/**
 * Lifts the sign-in limits on someone's account, for a person kept out by guesses made
 * elsewhere; the limits on the addresses the guesses came from stay.
 */
export async function unlockSignIn(
  db: PortalDatabase,
  userId: string,
  context: Context,
): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw AppError.notFound("There is no such user.");
  const cleared = await clearAccountThrottles(db, user.email);
  await recordAudit(db, {
    action: "user.unlocked",
    actor: context.actor,
    target: user.email,
    ip: context.ip,
    details: { limitsCleared: cleared },
  });
}

/**
 * Creates the account and a one-time invitation; the token goes in the link the admin passes on
 * (email delivery is not part of Bernard yet), and only its hash is stored.
 */
export async function inviteUser(
  db: PortalDatabase,
  input: { email: string; name: string; role: Role },
  context: Context,
): Promise<{ user: PublicUser; token: string; expiresAt: Date }> {
  const email = normaliseEmail(input.email);
  if (await db.user.findUnique({ where: { email } })) {
    throw AppError.conflict(`There is already an account for ${email}.`);
  }
  const user = await db.user.create({ data: { email, name: input.name.trim(), role: input.role } });
  const link = await createInvitation(db, user.id, context.actor);
  await recordAudit(db, {
    action: "user.invited",
    actor: context.actor,
    target: email,
    ip: context.ip,
    details: { role: input.role },
  });
  return { user: toPublicUser(user), ...link };
}

/**
 * For someone who cannot sign in: their password and sessions are cleared, and they get a new
 * one-time link, like an invitation, to choose another.
 */
export async function resetPassword(
  db: PortalDatabase,
  userId: string,
  context: Context,
): Promise<{ user: PublicUser; token: string; expiresAt: Date }> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw AppError.notFound("There is no such user.");
  await db.user.update({ where: { id: userId }, data: { passwordHash: null } });
  await endAllSessions(db, userId);
  await db.invitation.deleteMany({ where: { userId, acceptedAt: null } });
  const link = await createInvitation(db, userId, context.actor);
  await recordAudit(db, {
    action: "user.password-reset",
    actor: context.actor,
    target: user.email,
    ip: context.ip,
  });
  return { user: toPublicUser(user), ...link };
}

async function createInvitation(db: PortalDatabase, userId: string, invitedBy: PublicUser) {
  const token = newSecretToken();
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 24 * 3_600_000);
  await db.invitation.create({
    data: { userId, tokenHash: hashSecretToken(token), expiresAt, invitedById: invitedBy.id },
  });
  return { token, expiresAt };
}

const usedInvitation = () =>
  AppError.notFound(
    "This invitation link has already been used or is not valid. Ask your administrator for a new one.",
  );

async function openInvitation(db: PortalDatabase, token: string) {
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashSecretToken(token) },
    include: { user: true },
  });
  if (!invitation || invitation.acceptedAt) throw usedInvitation();
  if (invitation.expiresAt.getTime() < Date.now()) {
    throw new AppError(
      410,
      "INVITATION_EXPIRED",
      "This invitation link has expired. Ask your administrator for a new one.",
    );
  }
  return invitation;
}

/** Who an invitation is for, so the page can greet them. */
export async function describeInvitation(
  db: PortalDatabase,
  token: string,
): Promise<{ email: string; name: string }> {
  const { user } = await openInvitation(db, token);
  return { email: user.email, name: user.name };
}

/**
 * Sets the password an invitation (or reset link) was for. The link is claimed by one conditional
 * UPDATE in the same transaction as the password, so of several requests with the same link,
 * however close together, exactly one succeeds.
 */
export async function acceptInvitation(
  db: PortalDatabase,
  token: string,
  password: string,
  ip: string | null,
): Promise<void> {
  const invitation = await openInvitation(db, token);
  const problems = passwordProblems(password, {
    email: invitation.user.email,
    serviceName: "Bernard",
  });
  if (problems.length > 0)
    throw AppError.badRequest(problems[0]!, [{ field: "password", message: problems[0] }]);
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    const claimed = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, expiresAt: { gt: new Date() } },
      data: { acceptedAt: new Date() },
    });
    if (claimed.count !== 1) throw usedInvitation();
    await tx.user.update({ where: { id: invitation.userId }, data: { passwordHash } });
  });
  await recordAudit(db, {
    action: "user.invitation-accepted",
    actor: { id: invitation.userId, email: invitation.user.email },
    target: invitation.user.email,
    ip,
  });
}

/** Changes a user's role or whether they can sign in; deactivating ends their sessions at once. */
export async function changeUser(
  db: PortalDatabase,
  userId: string,
  change: { role?: Role | undefined; active?: boolean | undefined },
  context: Context,
): Promise<ManagedUser> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw AppError.notFound("There is no such user.");
  if (user.id === context.actor.id && (change.active === false || change.role === "user")) {
    throw AppError.conflict(
      "You cannot deactivate yourself or remove your own administrator role.",
    );
  }
  const updated = await db.user.update({
    where: { id: userId },
    data: change,
    include: WITH_GROUPS,
  });
  const audit = (action: AuditAction, details = {}) =>
    recordAudit(db, { action, actor: context.actor, target: user.email, ip: context.ip, details });
  if (change.role !== undefined && change.role !== user.role)
    await audit("user.role-changed", { from: user.role, to: change.role });
  if (change.active === false && user.active) {
    await endAllSessions(db, userId);
    await audit("user.deactivated");
  }
  if (change.active === true && !user.active) await audit("user.reactivated");
  return toManagedUser(updated, (await throttledAccounts(db)).get(updated.email));
}
