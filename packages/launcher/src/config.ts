import path from "node:path";
import { z } from "zod";

const environment = z.object({
  DATABASE_URL: z.string().url("DATABASE_URL must be a postgresql:// connection string").optional(),
  BERNARD_DATA_DIR: z.string().min(1).optional(),
  BERNARD_POSTGRES_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  BERNARD_HOST: z.string().default("127.0.0.1"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export interface LauncherConfig {
  root: string;
  /** Where the embedded PostgreSQL cluster and the app logs live. */
  dataDir: string;
  /** An external server to use instead of the embedded one. */
  databaseUrl: string | undefined;
  postgresPort: number;
  host: string;
  logLevel: string;
  /** The process environment, for per-app port overrides (BERNARD_<APP>_PORT). */
  env: NodeJS.ProcessEnv;
}

export function readLauncherConfig(root: string, env: NodeJS.ProcessEnv): LauncherConfig {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("\n  ");
    throw new LaunchError(`The configuration is not valid:\n  ${problems}`);
  }
  return {
    root,
    dataDir: path.resolve(root, parsed.data.BERNARD_DATA_DIR ?? ".bernard"),
    databaseUrl: parsed.data.DATABASE_URL,
    postgresPort: parsed.data.BERNARD_POSTGRES_PORT,
    host: parsed.data.BERNARD_HOST,
    logLevel: parsed.data.LOG_LEVEL,
    env,
  };
}

/** A problem the person starting Bernard can fix; printed without a stack trace. */
export class LaunchError extends Error {
  override name = "LaunchError";
}
