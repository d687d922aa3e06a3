import { randomUUID } from "node:crypto";
import { installationSchema, type Installation } from "@bernard/portal-contract";
import type { PortalDatabase } from "./database.js";

const KEY = "installation";

/** Records this installation on first start; later starts find the same record (the data was kept). */
export async function ensureInstallation(
  db: PortalDatabase,
): Promise<{ installation: Installation; created: boolean }> {
  const existing = await findInstallation(db);
  if (existing) return { installation: existing, created: false };
  const installation = { id: randomUUID(), installedAt: new Date().toISOString() };
  await db.setting.upsert({
    where: { key: KEY },
    create: { key: KEY, value: installation },
    update: {},
  });
  return { installation: (await findInstallation(db))!, created: true };
}

export async function findInstallation(db: PortalDatabase): Promise<Installation | undefined> {
  const row = await db.setting.findUnique({ where: { key: KEY } });
  return row ? installationSchema.parse(row.value) : undefined;
}
