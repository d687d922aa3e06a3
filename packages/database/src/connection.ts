import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

/** Where one app keeps its data: a server and database (the URL) and the Postgres schema the app owns. */
export interface AppDatabase {
  url: string;
  schema: string;
}

const SCHEMA_NAME = /^[a-z][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`"${schema}" is not a valid schema name: use lower-case letters, digits and _`);
  }
  return schema;
}

/**
 * How long every connection waits on PostgreSQL, so that a database that is down or frozen gets
 * a quick "try again" answer (503) instead of requests that hang. The one place these are set.
 */
export const DATABASE_TIMEOUTS = {
  /** Opening a connection: a stopped server refuses at once, but a frozen one accepts the TCP
   * connection and never answers the handshake. */
  connectMs: 5_000,
  /** One statement, timed by the server: a runaway query on a live server. No request needs
   * longer; long work is done in chunks by jobs. */
  statementMs: 10_000,
  /** One statement, timed by the client: a frozen server never answers, and its own statement
   * timeout cannot fire then. A little longer than statementMs, so a live server reports first. */
  queryMs: 12_000,
  /** The readiness check's own statement: `/ready` must answer quickly even when the
   * database is frozen, since the launcher and load balancers poll it. */
  readyCheckMs: 2_000,
  /** TCP keep-alive probes start after this much silence, so a vanished host is noticed on
   * long-lived idle connections (LISTEN). */
  keepAliveDelayMs: 10_000,
} as const;

/** DATABASE_TIMEOUTS as pg's connection options, for connections made other than by createPool. */
export const TIMEOUT_OPTIONS = {
  connectionTimeoutMillis: DATABASE_TIMEOUTS.connectMs,
  statement_timeout: DATABASE_TIMEOUTS.statementMs,
  query_timeout: DATABASE_TIMEOUTS.queryMs,
  keepAlive: true,
  keepAliveInitialDelayMillis: DATABASE_TIMEOUTS.keepAliveDelayMs,
} as const satisfies pg.ClientConfig;

/**
 * Pool options that make every connection resolve unqualified table names in the app's schema,
 * and give up on an unresponsive server within DATABASE_TIMEOUTS.
 */
export function poolConfig(database: AppDatabase, extra: pg.PoolConfig = {}): pg.PoolConfig {
  return {
    connectionString: database.url,
    options: `-c search_path=${assertSchemaName(database.schema)}`,
    ...TIMEOUT_OPTIONS,
    ...extra,
  };
}

/**
 * A pool that survives the server going away: a connection that drops (restart, admin shutdown,
 * network) is discarded and the next query opens a new one. Without a listener, pg's `error`
 * event on a dropped connection, idle or checked out, would crash the process. The failure still
 * reaches whoever was querying; callers may add their own `error` listener to log it.
 */
export function createPool(database: AppDatabase, extra: pg.PoolConfig = {}): pg.Pool {
  const pool = new pg.Pool(poolConfig(database, extra));
  pool.on("error", ignoreConnectionError);
  pool.on("connect", (client) => client.on("error", ignoreConnectionError));
  return pool;
}

/** Its query rejects with the same error, which is where it is handled. */
function ignoreConnectionError(): void {}

/** The driver adapter that a generated Prisma client needs (no native query engine). */
export function createPrismaAdapter(database: AppDatabase): PrismaPg {
  return new PrismaPg(createPool(database), {
    schema: database.schema,
    disposeExternalPool: true,
  });
}

/**
 * An app's settings for Prisma's CLI (its `prisma.config.ts`). The JS engine keeps the CLI
 * offline (no native engine to download); migrations are applied by this package, so the
 * adapter serves only `prisma migrate status` and `prisma migrate diff`.
 */
export function prismaCliConfig(schema: string) {
  return {
    experimental: { adapter: true },
    engine: "js",
    schema: "prisma/schema.prisma",
    adapter: async () => createPrismaAdapter({ url: process.env.DATABASE_URL ?? "", schema }),
  } as const;
}

/** Same server, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Same server and database, another user. */
export function withCredentials(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Opens one connection, runs `work`, and always closes it. */
export async function withClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: DATABASE_TIMEOUTS.connectMs,
  });
  client.on("error", ignoreConnectionError);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Opens one connection and runs `work` while holding the advisory lock `name` on it: one process
 * at a time across the whole server (parallel start-ups of several replicas, several launchers).
 */
export async function withLock<T>(
  url: string,
  name: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  return withClient(url, async (client) => {
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [name]);
    try {
      return await work(client);
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [name]);
    }
  });
}

export async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  return withClient(adminUrl, async (client) => {
    const result = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    return result.rowCount === 1;
  });
}

export async function createDatabase(
  adminUrl: string,
  name: string,
  template?: string,
): Promise<void> {
  const templateClause = template ? ` TEMPLATE ${quoteIdentifier(template)}` : "";
  await withClient(adminUrl, (client) =>
    client.query(`CREATE DATABASE ${quoteIdentifier(name)}${templateClause}`),
  );
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`),
  );
}
