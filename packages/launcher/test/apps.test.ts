import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { discoverApps, registeredApps } from "../src/apps.js";
import { readLauncherConfig } from "../src/config.js";
import { freePortsForEveryApp } from "../src/testing.js";

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

/** A repository with these apps under apps/, each built (a dist/launch.js) unless said. */
async function repository(
  apps: { folder: string; bernard?: unknown; built?: boolean }[],
): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "bernard-apps-"));
  roots.push(root);
  for (const app of apps) {
    const apiDir = path.join(root, "apps", app.folder, "api");
    await mkdir(path.join(apiDir, "dist"), { recursive: true });
    await writeFile(
      path.join(apiDir, "package.json"),
      JSON.stringify({ name: `@bernard/${app.folder}-api`, bernard: app.bernard }),
    );
    if (app.built !== false) {
      await writeFile(
        path.join(apiDir, "dist/launch.js"),
        'export const migrationsDir = "m"; export const mainScript = "main.js";\n',
      );
    }
  }
  await mkdir(path.join(root, "apps/docs-only"), { recursive: true });
  return root;
}

describe("which apps there are", () => {
  it("reads every registered app, portal first, whether built or not", async () => {
    const root = await repository([
      { folder: "minutes", bernard: { id: "minutes", defaultPort: 3102 }, built: false },
      { folder: "portal", bernard: { id: "portal", defaultPort: 3000 } },
      { folder: "consult", bernard: { id: "consult", defaultPort: 3101 } },
      { folder: "library" }, // a package.json without a `bernard` field is not an app
    ]);
    const apps = await registeredApps(root);
    expect(apps.map((app) => [app.id, app.defaultPort, app.envPrefix])).toEqual([
      ["portal", 3000, "BERNARD_PORTAL_"],
      ["consult", 3101, "BERNARD_CONSULT_"],
      ["minutes", 3102, "BERNARD_MINUTES_"],
    ]);
    const ports = await freePortsForEveryApp(root);
    expect(Object.keys(ports).sort()).toEqual([
      "BERNARD_CONSULT_PORT",
      "BERNARD_MINUTES_PORT",
      "BERNARD_PORTAL_PORT",
      "BERNARD_POSTGRES_PORT",
    ]);
    expect(new Set(Object.values(ports)).size).toBe(4);
  });

  it("names the file whose registration is not valid", async () => {
    const root = await repository([{ folder: "bad", bernard: { id: "Bad App", defaultPort: 1 } }]);
    await expect(registeredApps(root)).rejects.toThrow(
      `The "bernard" field in ${path.join(root, "apps/bad/api/package.json")} is not valid`,
    );
  });

  it("starts only the tools asked for, with the portal, and need not build the others", async () => {
    const root = await repository([
      { folder: "portal", bernard: { id: "portal", defaultPort: 3000 } },
      { folder: "consult", bernard: { id: "consult", defaultPort: 3101 } },
      { folder: "minutes", bernard: { id: "minutes", defaultPort: 3102 }, built: false },
    ]);
    const config = readLauncherConfig(root, {});
    const apps = await discoverApps(config, { only: ["consult"] });
    expect(apps.map((app) => app.id)).toEqual(["portal", "consult"]);
    await expect(discoverApps(config)).rejects.toThrow("minutes is not built");
    await expect(discoverApps(config, { only: ["letters"] })).rejects.toThrow(
      "There is no app called letters.",
    );
  });
});
