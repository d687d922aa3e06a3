import { generateSigningKey } from "@bernard/auth";
import type { JWK } from "@bernard/auth";
import type { PortalDatabase } from "./database.js";

const KEY = "user-token-signing-key";

/**
 * The private key the portal signs user tokens with: made once, kept in the portal's own
 * database so every portal process (and every restart) signs with the same key.
 */
export async function loadSigningKey(db: PortalDatabase): Promise<JWK> {
  const existing = await db.setting.findUnique({ where: { key: KEY } });
  if (existing) return existing.value as JWK;
  const key = await generateSigningKey();
  await db.setting.upsert({
    where: { key: KEY },
    create: { key: KEY, value: { ...key } },
    update: {},
  });
  // Another process may have won the race: everyone uses the stored key.
  return (await db.setting.findUniqueOrThrow({ where: { key: KEY } })).value as JWK;
}
