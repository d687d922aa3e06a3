import path from "node:path";
import { migrate } from "@bernard/database";
import { discoverApps, type App } from "./apps.js";
import type { LauncherConfig } from "./config.js";
import { startDatabase } from "./database.js";
import { assertPortFree } from "./ports.js";
import { spawnApp, stopApps, waitUntilReady, type RunningApp } from "./processes.js";

export type Mode = "start" | "dev";

export interface Launched {
  url: string;
  apps: RunningApp[];
  /** Stops every app, then the embedded database if this launcher started it. */
  stop(): Promise<void>;
}

type Say = (line: string) => void;

/** Database, migrations, first-run seed, then every app on its own port, each waited for until ready. */
export async function launch(config: LauncherConfig, mode: Mode, say: Say): Promise<Launched> {
  const started = performance.now();
  const apps = await discoverApps(config);
  for (const app of apps) {
    await assertPortFree(
      app.port,
      config.host,
      `BERNARD_${app.id.toUpperCase().replaceAll("-", "_")}_PORT`,
    );
  }

  const database = await startDatabase(config);
  say(`Database: ${database.description} (ready in ${seconds(database.startupMs)})`);
  const servers: RunningApp[] = [];
  /** Dev mode's UI rebuilders: stopped with the rest, but they answer no /ready. */
  const watchers: RunningApp[] = [];
  const stop = async () => {
    await stopApps([...servers, ...watchers]);
    await database.stop();
  };

  try {
    for (const app of apps) {
      const appDatabase = { url: database.url, schema: app.schema };
      const { applied } = await migrate(appDatabase, app.migrationsDir);
      if (applied.length > 0)
        say(`${app.id}: applied ${applied.length} migration(s): ${applied.join(", ")}`);
      for (const line of (await app.seed?.(appDatabase)) ?? []) say(`${app.id}: ${line}`);
    }
    const shared = sharedEnvironment(apps, config);
    for (const app of apps) {
      servers.push(
        await spawnApp({
          id: app.id,
          command: commandFor(app, mode),
          cwd: app.apiDir,
          env: {
            ...(app.id === "portal" ? config.env : withoutPortalSecrets(config.env)),
            ...shared,
            PORT: String(app.port),
            HOST: config.host,
            DATABASE_URL: database.url,
            LOG_LEVEL: config.logLevel,
          },
          url: `http://${config.host}:${app.port}`,
          logDir: path.join(config.dataDir, "logs"),
        }),
      );
      if (mode === "dev") watchers.push(await watchWeb(app, config));
    }
    await Promise.all(servers.map((app) => waitUntilReady(app)));
  } catch (error) {
    await stop();
    throw error;
  }

  say(
    `Ready in ${seconds(performance.now() - started)}. Logs are in ${path.join(config.dataDir, "logs")}.`,
  );
  return { url: servers[0]!.url, apps: [...servers, ...watchers], stop };
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

/**
 * The portal alone holds the model provider's key and the single sign-on client secret; tools
 * reach models through its gateway and never see them.
 */
export function withoutPortalSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => !/^BERNARD_(LLM|OIDC)_/.test(name)),
  );
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
function watchWeb(app: App, config: LauncherConfig): Promise<RunningApp> {
  return spawnApp({
    id: `${app.id}-web`,
    command: [
      path.join(app.webDir, "node_modules/.bin/vite"),
      "build",
      "--watch",
      "--logLevel",
      "warn",
    ],
    cwd: app.webDir,
    env: config.env,
    url: "",
    logDir: path.join(config.dataDir, "logs"),
  });
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
