import type { PortalDatabase } from "./database.js";
import { hashSecretToken, newSecretToken } from "./secret-tokens.js";
import { toPublicUser, type PublicUser } from "./users.js";

export interface SessionPolicy {
  /** Signed out after this long without a request. */
  idleMinutes: number;
  /** Signed out this long after signing in, however active. */
  absoluteHours: number;
}

export interface ActiveSession {
  id: string;
  csrfToken: string;
  user: PublicUser;
  /** The groups the user belongs to, which decide the tools they may open. */
  groups: { id: string; name: string }[];
}

const WITH_USER_AND_GROUPS = {
  user: { include: { groups: { include: { group: true } } } },
} as const;

function toActiveSession(session: {
  id: string;
  csrfToken: string;
  user: PublicUser & { groups: { group: { id: string; name: string } }[] };
}): ActiveSession {
  return {
    id: session.id,
    csrfToken: session.csrfToken,
    user: toPublicUser(session.user),
    groups: session.user.groups.map(({ group }) => ({ id: group.id, name: group.name })),
  };
}

/** lastSeenAt is refreshed at most this often, so reads do not all turn into writes. */
const TOUCH_INTERVAL_MS = 60_000;

/** Starts a session and returns the token for the cookie; only the token's hash is stored. */
export async function startSession(
  db: PortalDatabase,
  userId: string,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ token: string; session: ActiveSession }> {
  const token = newSecretToken();
  const created = await db.session.create({
    data: {
      tokenHash: hashSecretToken(token),
      userId,
      csrfToken: newSecretToken(),
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    },
    include: WITH_USER_AND_GROUPS,
  });
  return { token, session: toActiveSession(created) };
}

/** The live session for a cookie token, or undefined if it is unknown, timed out, or its user was deactivated. */
export async function findSession(
  db: PortalDatabase,
  token: string,
  policy: SessionPolicy,
): Promise<ActiveSession | undefined> {
  const session = await db.session.findUnique({
    where: { tokenHash: hashSecretToken(token) },
    include: WITH_USER_AND_GROUPS,
  });
  if (!session) return undefined;
  const now = Date.now();
  const idle = now - session.lastSeenAt.getTime() > policy.idleMinutes * 60_000;
  const tooOld = now - session.createdAt.getTime() > policy.absoluteHours * 3_600_000;
  if (idle || tooOld || !session.user.active) {
    await db.session.deleteMany({ where: { id: session.id } });
    return undefined;
  }
  if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } });
  }
  return toActiveSession(session);
}

export async function endSession(db: PortalDatabase, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

/** Signs the user out on every device; returns how many sessions ended. */
export async function endAllSessions(db: PortalDatabase, userId: string): Promise<number> {
  return (await db.session.deleteMany({ where: { userId } })).count;
}
