import { createHash } from "node:crypto";
import {
  assertSchemaName,
  createPool,
  quoteIdentifier,
  withLock,
  type AppDatabase,
} from "@bernard/database";
import type pg from "pg";

/** A model's answer as stored: enough to answer the same request again without calling it. */
export interface CachedResponse {
  model: string;
  content: string;
  promptTokens: number;
  completionTokens: number;
}

export interface ResponseCache {
  get(key: string): Promise<CachedResponse | undefined>;
  set(key: string, response: CachedResponse): Promise<void>;
}

/** The cache key of a request: everything that shapes the answer (model, messages, schema, settings). */
export function cacheKey(request: unknown): string {
  return createHash("sha256").update(stableJson(request)).digest("hex");
}

/** JSON with object keys sorted, so that equal requests give equal keys. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Responses kept in PostgreSQL (table `llm_response_cache` in the schema given, created on first
 * use), so re-running an unchanged step costs nothing, across restarts and processes.
 */
export class PostgresResponseCache implements ResponseCache {
  readonly #pool: pg.Pool;
  readonly #table: string;
  readonly #database: AppDatabase;
  #ready: Promise<void> | undefined;

  constructor(database: AppDatabase) {
    this.#database = database;
    const schema = quoteIdentifier(assertSchemaName(database.schema));
    this.#table = `${schema}.llm_response_cache`;
    this.#pool = createPool(database, { max: 2 });
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    await this.#ensureTable();
    const { rows } = await this.#pool.query<{ response: CachedResponse }>(
      `UPDATE ${this.#table} SET hits = hits + 1, last_hit_at = now() WHERE key = $1 RETURNING response`,
      [key],
    );
    return rows[0]?.response;
  }

  async set(key: string, response: CachedResponse): Promise<void> {
    await this.#ensureTable();
    await this.#pool.query(
      `INSERT INTO ${this.#table} (key, model, response) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO NOTHING`,
      [key, response.model, response],
    );
  }

  close(): Promise<void> {
    return this.#pool.end();
  }

  #ensureTable(): Promise<void> {
    // Processes sharing the database would otherwise race to create the same table.
    this.#ready ??= withLock(this.#database.url, this.#table, async (client) => {
      const schema = this.#table.split(".")[0]!;
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${this.#table} (
        key text PRIMARY KEY,
        model text NOT NULL,
        response jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        hits integer NOT NULL DEFAULT 0,
        last_hit_at timestamptz
      )`);
    }).catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }
}
