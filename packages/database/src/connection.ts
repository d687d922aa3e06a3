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

/** Pool options that make every connection resolve unqualified table names in the app's schema. */
export function poolConfig(database: AppDatabase, extra: pg.PoolConfig = {}): pg.PoolConfig {
  return {
    connectionString: database.url,
    options: `-c search_path=${assertSchemaName(database.schema)}`,
    ...extra,
  };
}

export function createPool(database: AppDatabase, extra: pg.PoolConfig = {}): pg.Pool {
  return new pg.Pool(poolConfig(database, extra));
}

/** The driver adapter that a generated Prisma client needs (no native query engine). */
export function createPrismaAdapter(database: AppDatabase): PrismaPg {
  return new PrismaPg(poolConfig(database), { schema: database.schema });
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
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
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
