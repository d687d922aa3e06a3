import type { App } from "./apps.js";

/** What Node and the libraries beneath it need to run: no settings, no secrets. */
const PROCESS_BASICS = [
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "SHELL",
  "TMPDIR",
  "TMP",
  "TEMP",
  "TZ",
  "LANG",
  "LANGUAGE",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  // How pg reaches a server over TLS; never PGUSER or PGPASSWORD, the launcher's own login.
  "PGSSLMODE",
  "PGSSLROOTCERT",
  "PGCONNECT_TIMEOUT",
];
const PROCESS_BASIC_PREFIXES = ["LC_", "NODE_"];

/**
 * An app's environment is an allow list: the process basics, the settings the launcher hands
 * every app (`shared`: PORT, HOST, DATABASE_URL, …), and the app's own settings: variables with
 * its BERNARD_<ID>_ prefix and those it declares (`settings` in its launch.js). Nothing else of
 * the launcher's environment reaches it, so a tool never sees the portal's secrets or the first
 * administrator's password.
 */
export function appEnvironment(
  app: Pick<App, "envPrefix" | "settings">,
  env: NodeJS.ProcessEnv,
  shared: Record<string, string>,
): NodeJS.ProcessEnv {
  const own = (name: string) => name.startsWith(app.envPrefix) || app.settings.includes(name);
  return { ...pick(env, (name) => isProcessBasic(name) || own(name)), ...shared };
}

/** The environment for helper processes that are not apps (dev mode's UI rebuilders). */
export function basicEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return pick(env, isProcessBasic);
}

function isProcessBasic(name: string): boolean {
  return (
    PROCESS_BASICS.includes(name) ||
    PROCESS_BASIC_PREFIXES.some((prefix) => name.startsWith(prefix))
  );
}

function pick(env: NodeJS.ProcessEnv, keep: (name: string) => boolean): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name, value]) => value !== undefined && keep(name)),
  );
}
