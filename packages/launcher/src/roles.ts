import { createHmac, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { ensureAppRole, whyRolesCannotBeManaged, withCredentials } from "@bernard/database";
import type { App } from "./apps.js";
import { LaunchError, type LauncherConfig } from "./config.js";

type Say = (line: string) => void;

/**
 * Gives every app a PostgreSQL login role of its own that owns the app's schemas and can use
 * nothing else, and returns each app's connection string (app id → URL). Role passwords are
 * derived from a key kept in the data folder, so they are the same on every start. An app
 * given its own BERNARD_<APP>_DATABASE_URL (a role an administrator made) uses that. With an
 * external server whose user cannot manage roles, the other apps carry on with that user, and
 * the person is told why.
 */
export async function appDatabaseUrls(
  adminUrl: string,
  apps: App[],
  config: Pick<LauncherConfig, "dataDir" | "env">,
  say: Say,
): Promise<Map<string, string>> {
  const urls = new Map<string, string>();
  for (const app of apps) {
    const variable = `${app.envPrefix}DATABASE_URL`;
    const given = config.env[variable];
    if (!given) continue;
    if (!URL.canParse(given))
      throw new LaunchError(`${variable} must be a postgresql:// connection string.`);
    urls.set(app.id, given);
  }
  const rest = apps.filter((app) => !urls.has(app.id));
  if (rest.length === 0) return urls;
  const refusal = await whyRolesCannotBeManaged(adminUrl);
  if (refusal) {
    const names = rest.map((app) => app.id);
    const who =
      names.length === 1
        ? `${names[0]} uses`
        : `${names.slice(0, -1).join(", ")} and ${names.at(-1)} share`;
    say(
      `Database: ${who} the user in DATABASE_URL, because ${refusal}. ` +
        'To give each app a role of its own, see "Database roles" in README.md.',
    );
    for (const app of rest) urls.set(app.id, adminUrl);
    return urls;
  }
  const key = await readOrCreateKey(path.join(config.dataDir, KEY_FILE));
  const database = new URL(adminUrl).pathname.slice(1);
  for (const app of rest) {
    const role = roleName(database, app.schema);
    const password = createHmac("sha256", key).update(role).digest("base64url");
    await ensureAppRole(adminUrl, { role, password, schemas: app.schemas }).catch(
      (error: unknown) => {
        throw new LaunchError(
          `Could not give ${app.id} its database role ${role}: ${(error as Error).message}`,
        );
      },
    );
    urls.set(app.id, withCredentials(adminUrl, role, password));
  }
  return urls;
}

const KEY_FILE = "database-roles.key";

/** `<database>_<schema>`: roles belong to the whole server, which may hold several Bernards. */
export function roleName(database: string, schema: string): string {
  const name = `${database.toLowerCase().replace(/[^a-z0-9_]/g, "_")}_${schema}`;
  if (name.length > 63)
    throw new LaunchError(`The role name ${name} is longer than PostgreSQL allows (63).`);
  return name;
}

async function readOrCreateKey(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const key = randomBytes(32).toString("base64url");
  await writeFile(file, key, { mode: 0o600 });
  return key;
}
