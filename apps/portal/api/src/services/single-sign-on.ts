import type { OidcIdentity } from "@bernard/auth";
import { recordAudit } from "./audit.js";
import type { PortalDatabase } from "./database.js";
import { toPublicUser, type PublicUser } from "./users.js";

/** Why a single sign-on was refused after the provider vouched for the person. */
export class SingleSignOnRefused extends Error {
  constructor(readonly reason: "deactivated") {
    super(reason);
  }
}

/**
 * The account for someone the provider has signed in: found by the provider's subject, else by
 * email (an admin may have invited them), else created as a user. Their groups from the provider
 * replace their memberships of provider groups; groups made in the portal are left alone.
 * The sign-in is audited either way.
 */
export async function accountForSingleSignOn(
  db: PortalDatabase,
  identity: OidcIdentity,
  ip: string | null,
): Promise<PublicUser> {
  const known =
    (await db.user.findUnique({ where: { oidcSubject: identity.subject } })) ??
    (await db.user.findUnique({ where: { email: identity.email } }));
  if (known && !known.active) {
    await recordAudit(db, {
      action: "sign-in.failed",
      target: identity.email,
      ip,
      details: { method: "single sign-on", reason: "deactivated" },
    });
    throw new SingleSignOnRefused("deactivated");
  }
  const user = known
    ? await db.user.update({
        where: { id: known.id },
        data: { oidcSubject: identity.subject, name: identity.name },
      })
    : await db.user.create({
        data: { email: identity.email, name: identity.name, oidcSubject: identity.subject },
      });
  await syncProviderGroups(db, user.id, identity.groups);
  await recordAudit(db, {
    action: "sign-in.succeeded",
    actor: { id: user.id, email: user.email },
    target: user.email,
    ip,
    details: {
      method: "single sign-on",
      ...(known ? {} : { created: true }),
      groups: identity.groups.join(", "),
    },
  });
  return toPublicUser(user);
}

async function syncProviderGroups(
  db: PortalDatabase,
  userId: string,
  names: string[],
): Promise<void> {
  for (const name of names) {
    await db.group.upsert({
      where: { name },
      create: { name, fromSignInProvider: true },
      update: {},
    });
  }
  const wanted = await db.group.findMany({ where: { name: { in: names } } });
  await db.$transaction([
    db.userGroup.deleteMany({
      where: {
        userId,
        group: { fromSignInProvider: true },
        groupId: { notIn: wanted.map((group) => group.id) },
      },
    }),
    db.userGroup.createMany({
      data: wanted.map((group) => ({ userId, groupId: group.id })),
      skipDuplicates: true,
    }),
  ]);
}
