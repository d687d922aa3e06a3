import path from "node:path";
import type { AppDatabase } from "@bernard/database";
import { createPortalDatabase } from "./services/database.js";
import { ensureInstallation } from "./services/installation.js";

/** What the launcher needs to know to migrate, seed and start this app. */
export const migrationsDir = path.resolve(import.meta.dirname, "../prisma/migrations");
export const mainScript = path.resolve(import.meta.dirname, "main.js");

/** First-run data; safe to call on every start. */
export async function seed(database: AppDatabase): Promise<string[]> {
  const db = createPortalDatabase(database);
  try {
    const { installation, created } = await ensureInstallation(db);
    return created ? [`Recorded a new installation (${installation.id})`] : [];
  } finally {
    await db.$disconnect();
  }
}
