import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { AppDatabase } from "@bernard/database";
import { z } from "zod";
import { LaunchError, type LauncherConfig } from "./config.js";

/** The `bernard` field of an app's api/package.json: how the launcher finds and runs it. */
const registration = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/),
  defaultPort: z.number().int().min(1).max(65535),
});

/** What an app's dist/launch.js exports. */
const launchModule = z.object({
  migrationsDir: z.string(),
  mainScript: z.string(),
  /** Environment variables the app reads beyond the shared ones and its own BERNARD_<ID>_ prefix. */
  settings: z.array(z.string()).optional(),
  /** A module exporting the app's suites for `pnpm bench` (`benchmarks`, by name). */
  benchmarks: z.string().optional(),
  /** Postgres schemas the app uses besides its own and its jobs' (`<schema>_jobs`). */
  otherSchemas: z.array(z.string()).optional(),
  /** Tables of its own schema the app may only read and add to (an audit log). */
  appendOnlyTables: z.array(z.string()).optional(),
  seed: z
    .custom<(database: AppDatabase, env?: NodeJS.ProcessEnv) => Promise<string[]>>(
      (value) => typeof value === "function",
    )
    .optional(),
});

export interface App {
  id: string;
  /** Postgres schema the app owns (its id, with dashes as underscores). */
  schema: string;
  /** Every schema the app may use: its own first, then its jobs' and any others it declares. */
  schemas: string[];
  /** Prefix of the app's own environment variables, e.g. BERNARD_CONSULT_. */
  envPrefix: string;
  /** Other environment variables it reads (see launchModule). */
  settings: string[];
  port: number;
  apiDir: string;
  webDir: string;
  migrationsDir: string;
  mainScript: string;
  /** The app's benchmark module, if it has one (see launchModule). */
  benchmarks: string | undefined;
  appendOnlyTables: string[];
  seed: ((database: AppDatabase, env?: NodeJS.ProcessEnv) => Promise<string[]>) | undefined;
}

/** Every app under apps/ whose api/package.json registers it, portal first. */
export async function discoverApps(config: LauncherConfig): Promise<App[]> {
  const appsDir = path.join(config.root, "apps");
  const apps: App[] = [];
  for (const entry of (await readdir(appsDir, { withFileTypes: true })).filter((item) =>
    item.isDirectory(),
  )) {
    const apiDir = path.join(appsDir, entry.name, "api");
    const packageFile = path.join(apiDir, "package.json");
    if (!existsSync(packageFile)) continue;
    const packageJson = JSON.parse(await readFile(packageFile, "utf8")) as { bernard?: unknown };
    if (packageJson.bernard === undefined) continue;
    const parsed = registration.safeParse(packageJson.bernard);
    if (!parsed.success) {
      throw new LaunchError(
        `The "bernard" field in ${packageFile} is not valid: ${parsed.error.issues[0]?.message}`,
      );
    }
    apps.push(await loadApp(config, apiDir, parsed.data));
  }
  return apps.sort((a, b) =>
    a.id === "portal" ? -1 : b.id === "portal" ? 1 : a.id.localeCompare(b.id),
  );
}

async function loadApp(
  config: LauncherConfig,
  apiDir: string,
  app: z.infer<typeof registration>,
): Promise<App> {
  const launchFile = path.join(apiDir, "dist/launch.js");
  if (!existsSync(launchFile))
    throw new LaunchError(`${app.id} is not built (no ${launchFile}): run "pnpm build".`);
  const parsed = launchModule.safeParse(await import(pathToFileURL(launchFile).href));
  if (!parsed.success)
    throw new LaunchError(
      `${launchFile} must export migrationsDir, mainScript and optionally seed, settings, otherSchemas, appendOnlyTables and benchmarks.`,
    );
  const envPrefix = `BERNARD_${app.id.toUpperCase().replaceAll("-", "_")}_`;
  const portVariable = `${envPrefix}PORT`;
  const port = Number(config.env[portVariable] ?? app.defaultPort);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new LaunchError(`${portVariable} must be a port number between 1 and 65535.`);
  }
  const schema = app.id.replaceAll("-", "_");
  return {
    id: app.id,
    schema,
    schemas: [schema, `${schema}_jobs`, ...(parsed.data.otherSchemas ?? [])],
    envPrefix,
    settings: parsed.data.settings ?? [],
    port,
    apiDir,
    webDir: path.resolve(apiDir, "../web"),
    migrationsDir: parsed.data.migrationsDir,
    mainScript: parsed.data.mainScript,
    benchmarks: parsed.data.benchmarks,
    appendOnlyTables: parsed.data.appendOnlyTables ?? [],
    seed: parsed.data.seed,
  };
}
