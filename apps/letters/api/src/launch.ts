import path from "node:path";

/** What the launcher needs to know to migrate and start this tool. */
export const migrationsDir = path.resolve(import.meta.dirname, "../prisma/migrations");
export const mainScript = path.resolve(import.meta.dirname, "main.js");
