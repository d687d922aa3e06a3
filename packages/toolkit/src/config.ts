import { z } from "zod";
import type { ToolManifest } from "./manifest.js";

/** What a process of an app does: everything, only requests (a web replica), or only jobs. */
export const PROCESS_ROLES = ["all", "web", "worker"] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];

const environment = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).optional(),
  HOST: z.string().default("127.0.0.1"),
  DATABASE_URL: z.string().url("DATABASE_URL must be a postgresql:// connection string"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  BERNARD_PORTAL_URL: z
    .string()
    .url("BERNARD_PORTAL_URL must be the portal's address, like http://127.0.0.1:3000"),
  BERNARD_PUBLIC_URL: z.string().url().optional(),
  BERNARD_ROLE: z
    .enum(PROCESS_ROLES, {
      message: "BERNARD_ROLE must be all (the default), web (API only) or worker (runs jobs)",
    })
    .default("all"),
});

/** Where a tool listens, its database, and the portal whose user tokens it trusts. */
export interface ToolConfig {
  port: number;
  host: string;
  database: { url: string; schema: string };
  logLevel: string;
  portal: PortalTrust;
  /** `BERNARD_ROLE`: a `web` replica runs no jobs; a `worker` serves only its health checks. */
  role: ProcessRole;
}

/** The portal a tool trusts: where it publishes its keys, and the issuer name in its tokens. */
export interface PortalTrust {
  url: string;
  issuer: string;
}

/**
 * A tool's settings from the environment the launcher gives it (the app passes `process.env`);
 * a bad value stops the tool at start-up with the variable named.
 */
export function readToolConfig(
  manifest: ToolManifest,
  env: Record<string, string | undefined>,
  defaults: { port: number },
): ToolConfig {
  const values = parseEnvironment(environment, env, manifest.name);
  return {
    port: values.PORT ?? defaults.port,
    host: values.HOST,
    database: { url: values.DATABASE_URL, schema: manifest.id.replaceAll("-", "_") },
    logLevel: values.LOG_LEVEL,
    portal: {
      url: values.BERNARD_PORTAL_URL,
      issuer: values.BERNARD_PUBLIC_URL ?? values.BERNARD_PORTAL_URL,
    },
    role: values.BERNARD_ROLE,
  };
}

/**
 * Parses an app's environment with its zod schema; a bad value stops the app at start-up with
 * every variable that is wrong and why.
 */
export function parseEnvironment<Schema extends z.ZodType>(
  schema: Schema,
  env: Record<string, string | undefined>,
  appName: string,
): z.output<Schema> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
    .join("\n  ");
  throw new Error(`${appName} cannot start because its configuration is not valid:\n  ${problems}`);
}
