import path from "node:path";
import type { AppDatabase } from "@bernard/database";
import { environment } from "./config.js";
import { createPortalDatabase, LLM_CACHE_SCHEMA } from "./services/database.js";
import { ensureFirstAdmin } from "./services/first-admin.js";
import { ensureInstallation } from "./services/installation.js";

/** What the launcher needs to know to migrate, seed and start this app. */
export const migrationsDir = path.resolve(import.meta.dirname, "../prisma/migrations");
export const mainScript = path.resolve(import.meta.dirname, "main.js");
/** This app's suites for `pnpm bench` (a module exporting `benchmarks`). */
export const benchmarks = path.resolve(import.meta.dirname, "bench/index.js");
/** The settings the portal reads (config.ts): the only ones of the launcher's it is given. */
export const settings = Object.keys(environment.shape);
export const otherSchemas = [LLM_CACHE_SCHEMA];
/** The audit log: the portal's role may read it and add to it, never change it (README). */
export const appendOnlyTables = ["audit_event"];

/** First-run data; safe to call on every start. Reads the first admin's details from the environment. */
export async function seed(
  database: AppDatabase,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  const db = createPortalDatabase(database);
  try {
    const { installation, created } = await ensureInstallation(db);
    const admin = await ensureFirstAdmin(db, {
      email: env.BERNARD_ADMIN_EMAIL ?? "admin@bernard.local",
      password: env.BERNARD_ADMIN_PASSWORD || undefined,
    });
    return [...(created ? [`Recorded a new installation (${installation.id})`] : []), ...admin];
  } finally {
    await db.$disconnect();
  }
}
