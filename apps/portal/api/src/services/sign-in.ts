import { hashPassword, needsRehash, verifyPassword } from "@bernard/auth";
import { AppError } from "@bernard/toolkit";
import { recordAudit } from "./audit.js";
import type { PortalDatabase } from "./database.js";
import {
  giveBackAttempt,
  isKnownAddress,
  takeAttempt,
  throttledError,
  throttleKeys,
} from "./sign-in-throttle.js";
import { normaliseEmail, toPublicUser, type PublicUser } from "./users.js";

const WRONG_DETAILS = "Enter a correct email address and password.";
/** Stands in for a client address Fastify could not tell (never in practice). */
const UNKNOWN_ADDRESS = "unknown";

/** A hash to check when no account matches, so a wrong email takes as long as a wrong password. */
const decoyHash = hashPassword("no account has this password");

/**
 * Checks an email and password, within the limits in sign-in-throttle.ts: an attempt over a
 * limit is refused, and audited, without the password being checked. Every attempt, successful
 * or not, is recorded and audited.
 */
export async function checkCredentials(
  db: PortalDatabase,
  input: { email: string; password: string; ip: string | null },
): Promise<PublicUser> {
  const email = normaliseEmail(input.email);
  const ip = input.ip ?? UNKNOWN_ADDRESS;
  const keys = (await isKnownAddress(db, email, ip))
    ? [throttleKeys.knownAddress(email, ip)]
    : [throttleKeys.account(email), throttleKeys.address(ip)];
  const throttled = await takeAttempt(db, keys);
  if (throttled) {
    await recordAudit(db, {
      action: "sign-in.throttled",
      target: email,
      ip: input.ip,
      details: { limit: throttled.limit, until: throttled.until.toISOString() },
    });
    throw throttledError(throttled.until, (wait) =>
      throttled.limit === "address"
        ? `There have been too many attempts to sign in from your network. ${wait}.`
        : `There have been too many attempts to sign in as ${email}. ${wait}, or ask an administrator to unlock the account.`,
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
  await giveBackAttempt(db, keys);
  if (needsRehash(user.passwordHash!)) {
    await db.user.update({
      where: { id: user.id },
      data: { passwordHash: await hashPassword(input.password) },
    });
  }
  return toPublicUser(user);
}
