import { AppError } from "@bernard/toolkit";
import type { PortalDatabase } from "./database.js";

/**
 * Throttling rather than lock-out (NCSC password guidance): a limited number of password checks
 * per key in each fixed window, and no way for someone elsewhere to use up the allowance of a
 * person at the address they normally sign in from.
 *
 * - An attempt from an address the account has signed in from before (a "known address") counts
 *   only against that account at that address: failures anywhere else never lock the person out
 *   where they work, and a guesser would need to be at their address to use it up.
 * - Any other attempt counts against the account (from all unfamiliar addresses together) and
 *   against the client address (across all accounts, which stops one address spraying guesses
 *   over many accounts).
 * - A successful check gives its slot back, so people who sign in often are never throttled.
 */
export const THROTTLE = {
  windowMinutes: 15,
  /** Checks of one account's password from unfamiliar addresses (NCSC suggests about 10). */
  account: 10,
  /** Checks from one client address for accounts not known there. */
  address: 30,
  /** Checks of one account's password from one known address: slower, but nobody else's to spend. */
  knownAddress: 5,
  /** How recent a successful sign-in must be for its address to count as known. */
  knownAddressDays: 90,
  /** Wrong current passwords on "change password", per person. */
  passwordChange: 5,
} as const;

export type ThrottleLimit = "account" | "address" | "knownAddress" | "passwordChange";

export interface ThrottleKey {
  key: string;
  limit: ThrottleLimit;
}

export const throttleKeys = {
  account: (email: string): ThrottleKey => ({ key: `account:${email}`, limit: "account" }),
  address: (ip: string): ThrottleKey => ({ key: `address:${ip}`, limit: "address" }),
  knownAddress: (email: string, ip: string): ThrottleKey => ({
    key: `known-address:${email} ${ip}`,
    limit: "knownAddress",
  }),
  passwordChange: (userId: string): ThrottleKey => ({
    key: `password-change:${userId}`,
    limit: "passwordChange",
  }),
};

/** The limit an attempt ran into, and when its window ends. */
export interface Throttled {
  limit: ThrottleLimit;
  until: Date;
}

/**
 * Takes one slot for an attempt under every key, in one statement: each key's row is locked and
 * counted in turn, so N parallel attempts see N different counts and at most the limit proceed.
 * Refused attempts are counted too, but the window never moves, so hammering cannot extend it.
 */
export async function takeAttempt(
  db: PortalDatabase,
  keys: ThrottleKey[],
): Promise<Throttled | undefined> {
  const sorted = [...keys].sort((a, b) => a.key.localeCompare(b.key)); // one lock order, no deadlocks
  const window = THROTTLE.windowMinutes;
  const counts = await db.$queryRaw<{ key: string; attempts: number; until: Date }[]>`
    INSERT INTO sign_in_throttle AS t (key, attempts, window_started_at)
    SELECT key, 1, now() FROM unnest(${sorted.map(({ key }) => key)}::text[]) WITH ORDINALITY AS k(key, n)
    ORDER BY n
    ON CONFLICT (key) DO UPDATE SET
      attempts = CASE WHEN t.window_started_at <= now() - make_interval(mins => ${window}::int)
        THEN 1 ELSE t.attempts + 1 END,
      window_started_at = CASE WHEN t.window_started_at <= now() - make_interval(mins => ${window}::int)
        THEN now() ELSE t.window_started_at END
    RETURNING key, attempts, window_started_at + make_interval(mins => ${window}::int) AS until`;
  const over = sorted
    .map((key) => ({ ...key, count: counts.find((row) => row.key === key.key)! }))
    .filter(({ limit, count }) => count.attempts > THROTTLE[limit])
    .sort((a, b) => b.count.until.getTime() - a.count.until.getTime());
  return over[0] && { limit: over[0].limit, until: over[0].count.until };
}

/** A successful check gives its slot back under every key it took one from. */
export async function giveBackAttempt(db: PortalDatabase, keys: ThrottleKey[]): Promise<void> {
  await db.$executeRaw`
    UPDATE sign_in_throttle SET attempts = attempts - 1
    WHERE key = ANY(${keys.map(({ key }) => key)}::text[]) AND attempts > 0`;
}

/** Whether this account has signed in successfully from this address recently. */
export async function isKnownAddress(
  db: PortalDatabase,
  email: string,
  ip: string,
): Promise<boolean> {
  const since = new Date(Date.now() - THROTTLE.knownAddressDays * 24 * 3_600_000);
  const success = await db.signInAttempt.findFirst({
    where: { email, ip, succeeded: true, at: { gte: since } },
    select: { id: true },
  });
  return success !== null;
}

/** Clears every sign-in limit on one account (an admin's unlock); addresses keep theirs. */
export async function clearAccountThrottles(db: PortalDatabase, email: string): Promise<number> {
  const knownAddressPrefix = throttleKeys.knownAddress(email, "").key;
  return db.$executeRaw`
    DELETE FROM sign_in_throttle
    WHERE key = ${throttleKeys.account(email).key}
       OR left(key, length(${knownAddressPrefix})) = ${knownAddressPrefix}`;
}

/** Accounts whose sign-in is throttled now (from unfamiliar addresses or one known one), with when it ends. */
export async function throttledAccounts(db: PortalDatabase): Promise<Map<string, Date>> {
  const window = THROTTLE.windowMinutes;
  const rows = await db.$queryRaw<{ email: string; until: Date }[]>`
    SELECT substring(key FROM '^account:(.*)$') AS email,
           window_started_at + make_interval(mins => ${window}::int) AS until
    FROM sign_in_throttle
    WHERE key LIKE 'account:%' AND attempts >= ${THROTTLE.account}::int
      AND window_started_at > now() - make_interval(mins => ${window}::int)
    UNION ALL
    SELECT substring(key FROM '^known-address:(.*) [^ ]*$'),
           window_started_at + make_interval(mins => ${window}::int)
    FROM sign_in_throttle
    WHERE key LIKE 'known-address:%' AND attempts >= ${THROTTLE.knownAddress}::int
      AND window_started_at > now() - make_interval(mins => ${window}::int)`;
  const accounts = new Map<string, Date>();
  for (const { email, until } of rows) {
    if (until > (accounts.get(email) ?? new Date(0))) accounts.set(email, until);
  }
  return accounts;
}

/**
 * The 429 for a throttled attempt; `explain` completes the message with "Wait 7 minutes, then
 * try again" (whole minutes, rounded up), and Retry-After says the same to programs.
 */
export function throttledError(until: Date, explain: (wait: string) => string): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  const wait = `Wait ${minutes} minute${minutes === 1 ? "" : "s"}, then try again`;
  return new AppError(429, "TOO_MANY_ATTEMPTS", explain(wait), undefined, String(minutes * 60));
}
