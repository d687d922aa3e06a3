import { hashPassword, passwordProblems, verifyPassword } from "@bernard/auth";
import { AppError } from "@bernard/toolkit";
import { recordAudit } from "./audit.js";
import type { PortalDatabase } from "./database.js";
import { giveBackAttempt, takeAttempt, throttledError, throttleKeys } from "./sign-in-throttle.js";

export type Role = "user" | "admin";

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function toPublicUser(user: PublicUser): PublicUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** Creates an account; the password must pass the password policy. */
export async function createUser(
  db: PortalDatabase,
  input: { email: string; name: string; role: Role; password: string },
): Promise<PublicUser> {
  const email = normaliseEmail(input.email);
  const problems = passwordProblems(input.password, { email, serviceName: "Bernard" });
  if (problems.length > 0)
    throw AppError.badRequest(problems[0]!, [{ field: "password", message: problems[0] }]);
  if (await db.user.findUnique({ where: { email } })) {
    throw AppError.conflict(`There is already an account for ${email}.`);
  }
  const user = await db.user.create({
    data: {
      email,
      name: input.name,
      role: input.role,
      passwordHash: await hashPassword(input.password),
    },
  });
  return toPublicUser(user);
}

/** A signed-in person changes their own password; their other sessions end. */
export async function changeOwnPassword(
  db: PortalDatabase,
  input: {
    userId: string;
    currentSessionId: string;
    currentPassword: string;
    newPassword: string;
    ip: string | null;
  },
): Promise<void> {
  const user = await db.user.findUniqueOrThrow({ where: { id: input.userId } });
  // A stolen session must not become a way to guess the password at leisure.
  const keys = [throttleKeys.passwordChange(user.id)];
  const throttled = await takeAttempt(db, keys);
  if (throttled) {
    await recordAudit(db, {
      action: "user.password-change-throttled",
      actor: user,
      target: user.email,
      ip: input.ip,
      details: { until: throttled.until.toISOString() },
    });
    throw throttledError(
      throttled.until,
      (wait) => `You have entered a wrong current password too many times. ${wait}.`,
    );
  }
  if (!user.passwordHash || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    await recordAudit(db, {
      action: "user.password-change-failed",
      actor: user,
      target: user.email,
      ip: input.ip,
      details: { reason: "wrong current password" },
    });
    throw AppError.badRequest("Your current password is not right.", [
      { field: "currentPassword", message: "Your current password is not right." },
    ]);
  }
  await giveBackAttempt(db, keys);
  const problems = passwordProblems(input.newPassword, {
    email: user.email,
    serviceName: "Bernard",
  });
  if (problems.length > 0) {
    throw AppError.badRequest(problems[0]!, [{ field: "newPassword", message: problems[0] }]);
  }
  await db.user.update({
    where: { id: user.id },
    data: { passwordHash: await hashPassword(input.newPassword) },
  });
  await db.session.deleteMany({ where: { userId: user.id, id: { not: input.currentSessionId } } });
  await recordAudit(db, {
    action: "user.password-changed",
    actor: user,
    target: user.email,
    ip: input.ip,
  });
}
