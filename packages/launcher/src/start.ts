import { constants } from "node:fs";
import { access, mkdir } from "node:fs/promises";
import path from "node:path";
import { migrate, sealTables, unsealTables, type AppendOnlyTables } from "@bernard/database";
import { discoverApps, type App } from "./apps.js";
import { LaunchError, type LauncherConfig } from "./config.js";
import { startDatabase } from "./database.js";
import { appEnvironment, basicEnvironment } from "./environment.js";
import { assertPortFree } from "./ports.js";
import { superviseApp } from "./processes.js";
import { appDatabaseUrls } from "./roles.js";
import type { Supervisor } from "./supervisor.js";

export type Mode = "start" | "dev";

export interface Launched {
  url: string;
  /** Stops every app, then the embedded database if this launcher started it. */
  stop(): Promise<void>;
}

type Say = (line: string) => void;

/**
 * Database, each app's role, migrations, first-run seed, then every app on its own port, each
 * waited for until ready. Any failure up to then stops everything and says why. From then on
 * every process is supervised: one that dies is restarted and never takes the others down.
 */
export async function launch(
  config: LauncherConfig,
  mode: Mode,
  say: Say,
  /** Only these tools (app ids) beside the portal; by default every registered app. */
  { only }: { only?: string[] } = {},
): Promise<Launched> {
  const started = performance.now();
  const apps = await discoverApps(config, only ? { only } : {});
  for (const app of apps) await assertPortFree(app.port, config.host, `${app.envPrefix}PORT`);
  const logDir = path.join(config.dataDir, "logs");
  await assertWritable(config.dataDir);
  await mkdir(logDir, { recursive: true });

  const database = await startDatabase(config, say);
  say(`Database: ${database.description} (ready in ${seconds(database.startupMs)})`);
  const supervisors: Supervisor[] = [];
  const stop = async () => {
    await Promise.all(supervisors.splice(0).map((supervisor) => supervisor.stop()));
    await database.stop();
  };

  try {
    const urls = await appDatabaseUrls(database.url, apps, config, say);
    for (const app of apps) {
      const appDatabase = { url: urls.get(app.id)!, schema: app.schema };
      // Append-only tables are the launcher's user's, lent back to the app only to migrate them.
      const sealed = config.env[`${app.envPrefix}DATABASE_URL`]
        ? undefined // a role an administrator made: README says how to seal its tables
        : appendOnly(app, appDatabase.url, database.url);
      if (sealed) await setUp(app, async () => (await unsealTables(database.url, sealed), []), say);
      await setUp(app, () => migrate(appDatabase, app.migrationsDir), say);
      await setUp(app, async () => (await app.seed?.(appDatabase, config.env)) ?? [], say);
      if (sealed) await setUp(app, async () => (await sealTables(database.url, sealed), []), say);
    }
    const shared = sharedEnvironment(apps, config);
    const starts = apps.map((app) =>
      superviseApp(
        {
          id: app.id,
          command: commandFor(app, mode),
          cwd: app.apiDir,
          env: appEnvironment(app, config.env, {
            ...shared,
            PORT: String(app.port),
            HOST: config.host,
            DATABASE_URL: urls.get(app.id)!,
            LOG_LEVEL: config.logLevel,
          }),
          url: `http://${config.host}:${app.port}`,
          logDir,
        },
        say,
      ),
    );
    if (mode === "dev") starts.push(...apps.map((app) => watchWeb(app, config, logDir, say)));
    const results = await Promise.allSettled(starts);
    for (const result of results) if (result.status === "fulfilled") supervisors.push(result.value);
    const failed = results.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
  } catch (error) {
    await stop();
    throw error;
  }

  say(`Ready in ${seconds(performance.now() - started)}. Logs are in ${logDir}.`);
  return { url: `http://${config.host}:${apps[0]!.port}`, stop };
}

/**
 * The app's append-only tables, when it has a role of its own to keep from changing them. An
 * app that shares the launcher's user owns them: the triggers its migrations add still refuse
 * changes, but its user could drop them (README, "Database roles").
 */
function appendOnly(app: App, appUrl: string, adminUrl: string): AppendOnlyTables | undefined {
  const role = decodeURIComponent(new URL(appUrl).username);
  if (app.appendOnlyTables.length === 0 || role === decodeURIComponent(new URL(adminUrl).username))
    return undefined;
  return { role, schema: app.schema, tables: app.appendOnlyTables };
}

/** Runs one of an app's set-up steps, printing its lines; a failure names the app and its reason. */
async function setUp(
  app: App,
  step: () => Promise<string[] | { applied: string[] }>,
  say: Say,
): Promise<void> {
  const result = await step().catch((error: unknown) => {
    throw new LaunchError(`${app.id} could not be set up: ${(error as Error).message}`);
  });
  if (Array.isArray(result)) for (const line of result) say(`${app.id}: ${line}`);
  else if (result.applied.length > 0)
    say(`${app.id}: applied ${result.applied.length} migration(s): ${result.applied.join(", ")}`);
}

/** The data folder must be one the launcher can write to (the database, logs and keys live there). */
async function assertWritable(dataDir: string): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true });
    await access(dataDir, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new LaunchError(
      `The data folder ${dataDir} cannot be used (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). ` +
        "Make it a folder you can write to, or choose another with BERNARD_DATA_DIR=<folder>.",
    );
  }
}

/**
 * How the apps find each other: the portal learns where every tool listens (BERNARD_TOOLS, plus
 * any tools running elsewhere that were already named there), and tools learn where the portal
 * publishes its signing keys.
 */
function sharedEnvironment(apps: App[], config: LauncherConfig): Record<string, string> {
  const address = (app: App) => `http://${config.host}:${app.port}`;
  const portal = apps.find((app) => app.id === "portal");
  const tools = apps.filter((app) => app !== portal).map((app) => `${app.id}=${address(app)}`);
  const portalUrl = portal ? address(portal) : undefined;
  return {
    BERNARD_TOOLS: [...tools, config.env.BERNARD_TOOLS].filter(Boolean).join(","),
    ...(portalUrl && {
      BERNARD_PORTAL_URL: portalUrl,
      BERNARD_PUBLIC_URL: config.env.BERNARD_PUBLIC_URL ?? portalUrl,
    }),
  };
}

function commandFor(app: App, mode: Mode): string[] {
  if (mode === "dev")
    return [
      path.join(app.apiDir, "node_modules/.bin/tsx"),
      "watch",
      path.join(app.apiDir, "src/main.ts"),
    ];
  return [process.execPath, "--enable-source-maps", app.mainScript];
}

/** In dev mode the UI is rebuilt on every change, and the API serves the fresh build. */
function watchWeb(app: App, config: LauncherConfig, logDir: string, say: Say): Promise<Supervisor> {
  return superviseApp(
    {
      id: `${app.id}-web`,
      command: [
        path.join(app.webDir, "node_modules/.bin/vite"),
        "build",
        "--watch",
        "--logLevel",
        "warn",
      ],
      cwd: app.webDir,
      env: basicEnvironment(config.env),
      logDir,
    },
    say,
  );
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
