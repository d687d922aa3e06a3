import type { AccessCache } from "./access-cache.js";
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

/** A session as stored, with its user and groups; what the access cache keeps. */
export interface SessionRow {
  id: string;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  user_id: string;
  email: string;
  name: string;
  role: PublicUser["role"];
  active: boolean;
  groups: { id: string; name: string }[];
}

/**
 * The live session for a cookie token, or undefined if it is unknown, timed out, or its user was
 * deactivated. Every request asks this, so it is answered from the access cache when it can, and
 * otherwise with one SQL statement rather than Prisma's several. A cached session that looks
 * timed out is read again before it is ended, since another process may have seen it since.
 */
export async function findSession(
  db: PortalDatabase,
  cache: AccessCache,
  token: string,
  policy: SessionPolicy,
): Promise<ActiveSession | undefined> {
  const tokenHash = hashSecretToken(token);
  const session = await cache.sessions.get(
    tokenHash,
    () => readSession(db, tokenHash),
    (cached) => isLive(cached, policy),
  );
  if (!session) return undefined;
  if (!isLive(session, policy)) {
    await db.session.deleteMany({ where: { id: session.id } });
    return undefined;
  }
  const now = Date.now();
  if (now - session.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    session.last_seen_at = new Date(now);
    await db.session.update({
      where: { id: session.id },
      data: { lastSeenAt: session.last_seen_at },
    });
  }
  return {
    id: session.id,
    csrfToken: session.csrf_token,
    user: { id: session.user_id, email: session.email, name: session.name, role: session.role },
    groups: session.groups,
  };
}

function isLive(session: SessionRow, policy: SessionPolicy): boolean {
  const now = Date.now();
  const idle = now - session.last_seen_at.getTime() > policy.idleMinutes * 60_000;
  const tooOld = now - session.created_at.getTime() > policy.absoluteHours * 3_600_000;
  return session.active && !idle && !tooOld;
}

async function readSession(db: PortalDatabase, tokenHash: string): Promise<SessionRow | undefined> {
  const [session] = await db.$queryRaw<SessionRow[]>`
    SELECT s.id, s.csrf_token, s.created_at, s.last_seen_at,
           u.id AS user_id, u.email, u.name, u.role::text AS role, u.active,
           COALESCE(
             json_agg(json_build_object('id', g.id, 'name', g.name) ORDER BY g.name)
               FILTER (WHERE g.id IS NOT NULL),
             '[]'
           ) AS groups
    FROM session s
    JOIN user_account u ON u.id = s.user_id
    LEFT JOIN user_group_member m ON m.user_id = u.id
    LEFT JOIN user_group g ON g.id = m.group_id
    WHERE s.token_hash = ${tokenHash}
    GROUP BY s.id, u.id`;
  return session;
}

export async function endSession(db: PortalDatabase, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

/** Signs the user out on every device; returns how many sessions ended. */
export async function endAllSessions(db: PortalDatabase, userId: string): Promise<number> {
  return (await db.session.deleteMany({ where: { userId } })).count;
}
