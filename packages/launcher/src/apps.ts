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

/** An app as its api/package.json registers it (its `bernard` field), before it is built. */
export interface RegisteredApp extends z.infer<typeof registration> {
  apiDir: string;
  /** Prefix of the app's own environment variables, e.g. BERNARD_CONSULT_. */
  envPrefix: string;
}

/** Every app under `<root>/apps` whose api/package.json registers it, portal first. */
export async function registeredApps(root: string): Promise<RegisteredApp[]> {
  const appsDir = path.join(root, "apps");
  const apps: RegisteredApp[] = [];
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
    apps.push({ ...parsed.data, apiDir, envPrefix: envPrefixOf(parsed.data.id) });
  }
  return apps.sort((a, b) =>
    a.id === "portal" ? -1 : b.id === "portal" ? 1 : a.id.localeCompare(b.id),
  );
}

function envPrefixOf(id: string): string {
  return `BERNARD_${id.toUpperCase().replaceAll("-", "_")}_`;
}

/**
 * Every registered app, built and ready to start, portal first; `only` (app ids) starts just
 * those and the portal, as a browser test of one tool does.
 */
export async function discoverApps(
  config: LauncherConfig,
  { only }: { only?: string[] } = {},
): Promise<App[]> {
  const registered = (await registeredApps(config.root)).filter(
    (app) => !only || app.id === "portal" || only.includes(app.id),
  );
  const unknown = (only ?? []).filter((id) => !registered.some((app) => app.id === id));
  if (unknown.length > 0) throw new LaunchError(`There is no app called ${unknown.join(", ")}.`);
  const apps: App[] = [];
  for (const app of registered) apps.push(await loadApp(config, app));
  return apps;
}

async function loadApp(config: LauncherConfig, app: RegisteredApp): Promise<App> {
  const { apiDir, envPrefix } = app;
  const launchFile = path.join(apiDir, "dist/launch.js");
  if (!existsSync(launchFile))
    throw new LaunchError(`${app.id} is not built (no ${launchFile}): run "pnpm build".`);
  const parsed = launchModule.safeParse(await import(pathToFileURL(launchFile).href));
  if (!parsed.success)
    throw new LaunchError(
      `${launchFile} must export migrationsDir, mainScript and optionally seed, settings, otherSchemas, appendOnlyTables and benchmarks.`,
    );
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
