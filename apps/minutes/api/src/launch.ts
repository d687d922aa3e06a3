import path from "node:path";

/** What the launcher needs to know to migrate and start this tool. */
export const migrationsDir = path.resolve(import.meta.dirname, "../prisma/migrations");
export const mainScript = path.resolve(import.meta.dirname, "main.js");
/** This app's suites for `pnpm bench` (a module exporting `benchmarks`). */
export const benchmarks = path.resolve(import.meta.dirname, "bench/index.js");

/** The launcher's settings this tool reads besides its own `BERNARD_MINUTES_…` ones. */
export const settings = ["BERNARD_DATA_DIR"];
