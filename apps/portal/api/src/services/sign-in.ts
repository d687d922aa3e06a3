import { hashPassword, needsRehash, verifyPassword } from "@bernard/auth";
import { AppError } from "@bernard/toolkit";
import { recordAudit } from "./audit.js";
import type { PortalDatabase } from "./database.js";
import { normaliseEmail, toPublicUser, type PublicUser } from "./users.js";

export const LOCKOUT = { failures: 5, windowMinutes: 15 } as const;
const WRONG_DETAILS = "Enter a correct email address and password.";

/** A hash to check when no account matches, so a wrong email takes as long as a wrong password. */
const decoyHash = hashPassword("no account has this password");

/**
 * Checks an email and password. After 5 failures for an email within 15 minutes, further
 * attempts are refused without checking the password until the window has passed.
 * Every attempt, successful or not, is recorded and audited.
 */
export async function checkCredentials(
  db: PortalDatabase,
  input: { email: string; password: string; ip: string | null },
): Promise<PublicUser> {
  const email = normaliseEmail(input.email);
  const since = new Date(Date.now() - LOCKOUT.windowMinutes * 60_000);
  const lastSuccess = await db.signInAttempt.findFirst({
    where: { email, succeeded: true, at: { gte: since } },
    orderBy: { at: "desc" },
  });
  const recentFailures = await db.signInAttempt.count({
    where: { email, succeeded: false, at: { gte: lastSuccess?.at ?? since } },
  });
  if (recentFailures >= LOCKOUT.failures) {
    await recordAudit(db, { action: "sign-in.locked-out", target: email, ip: input.ip });
    throw new AppError(
      429,
      "TOO_MANY_ATTEMPTS",
      `There have been too many attempts to sign in as ${email}. Wait ${LOCKOUT.windowMinutes} minutes, then try again.`,
    );
  }

  const user = await db.user.findUnique({ where: { email } });
  const matches = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash));
  const succeeded = !!user && !!user.passwordHash && user.active && matches;
  await db.signInAttempt.create({ data: { email, ip: input.ip, succeeded } });
  await recordAudit(db, {
    action: succeeded ? "sign-in.succeeded" : "sign-in.failed",
    actor: user && succeeded ? { id: user.id, email } : null,
    target: email,
    ip: input.ip,
    details: !user ? { reason: "no such account" } : !user.active ? { reason: "deactivated" } : {},
  });
  if (!succeeded) throw new AppError(401, "WRONG_CREDENTIALS", WRONG_DETAILS);
  if (needsRehash(user.passwordHash!)) {
    await db.user.update({
      where: { id: user.id },
      data: { passwordHash: await hashPassword(input.password) },
    });
  }
  return toPublicUser(user);
}
