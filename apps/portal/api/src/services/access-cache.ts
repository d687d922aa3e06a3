import { poolConfig, type AppDatabase } from "@bernard/database";
import pg from "pg";
import type { SessionRow } from "./sessions.js";
import type { ToolAccess } from "./tools.js";

/**
 * The channel the portal's database announces access changes on. Triggers (migration
 * 20261201200000_access_change_notices) send `session:<id>` when a session ends, `user:<id>` when
 * a person or their group membership changes, `group:<id>` when a group is renamed or deleted,
 * `tool:<id>` when a tool or who may open it changes, and `all` when a table is truncated.
 */
export const ACCESS_CHANNEL = "portal_access_changed";

/** The listening connection's name in pg_stat_activity. */
export const ACCESS_LISTENER_NAME = "bernard-portal-access-changes";

/** An entry is used for at most this long, even if no change was heard. */
const MAX_AGE_MS = 5_000;
const MAX_ENTRIES = 10_000;
/** The listening connection is checked this often; a silent one stops the cache from answering. */
const HEARTBEAT_MS = 2_000;
const HEARTBEAT_TIMEOUT_MS = 1_500;
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;

/**
 * A short-lived cache in front of one lookup. It answers only while changes are being heard; a
 * value loaded while a change arrived is not kept, since it may predate the change.
 */
export class CachedLookup<K, V> {
  readonly #entries = new Map<K, { value: V; storedAt: number }>();
  /** Counts evictions, so a load that overlapped one knows not to store its answer. */
  #generation = 0;

  constructor(private readonly isLive: () => boolean) {}

  /** The cached value if fresh and `usable`, else `load()`'s answer (kept if it is defined). */
  async get(
    key: K,
    load: () => Promise<V | undefined>,
    usable: (value: V) => boolean = () => true,
  ): Promise<V | undefined> {
    const hit = this.isLive() ? this.#entries.get(key) : undefined;
    if (hit && Date.now() - hit.storedAt < MAX_AGE_MS && usable(hit.value)) return hit.value;
    const generation = this.#generation;
    const value = await load();
    if (value === undefined || !this.isLive() || generation !== this.#generation) return value;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    this.#entries.set(key, { value, storedAt: Date.now() });
    return value;
  }

  evict(matches: (key: K, value: V) => boolean): void {
    this.#generation += 1;
    for (const [key, { value }] of this.#entries) {
      if (matches(key, value)) this.#entries.delete(key);
    }
  }

  clear(): void {
    this.#generation += 1;
    this.#entries.clear();
  }
}

export interface AccessCacheLog {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

/**
 * Sessions and tool access, cached in this process so the gateway does not ask PostgreSQL on
 * every request, and dropped as soon as the database announces a change (sign-out, deactivation,
 * a role, group or tool change), by whichever portal process made it. While the listening
 * connection is down the cache is bypassed, and emptied once it is back.
 */
export class AccessCache {
  readonly sessions = new CachedLookup<string, SessionRow>(() => this.#live);
  readonly tools = new CachedLookup<string, ToolAccess>(() => this.#live);
  #live = false;
  #closed = false;
  #client: pg.Client | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #reconnect: NodeJS.Timeout | undefined;
  #retryMs = RECONNECT_MIN_MS;

  private constructor(
    private readonly database: AppDatabase,
    private readonly log: AccessCacheLog,
  ) {}

  /** Starts listening; if the database cannot be reached yet, keeps trying in the background. */
  static async start(database: AppDatabase, log: AccessCacheLog): Promise<AccessCache> {
    const cache = new AccessCache(database, log);
    await cache.#connect();
    return cache;
  }

  /** Whether cached answers may be used: changes are being heard. */
  get live(): boolean {
    return this.#live;
  }

  /**
   * Resolves once every change committed before the call has been applied here: PostgreSQL
   * delivers a listening connection's pending notifications before it answers a query on it.
   */
  async sync(): Promise<void> {
    const client = this.#live ? this.#client : undefined;
    await client?.query("SELECT 1").catch((error: unknown) => this.#lost(client, error));
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#reconnect);
    await this.#drop();
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({
      ...poolConfig(this.database),
      application_name: ACCESS_LISTENER_NAME,
      keepAlive: true,
      query_timeout: HEARTBEAT_TIMEOUT_MS,
    });
    client.on("error", (error) => this.#lost(client, error));
    client.on("end", () => this.#lost(client));
    client.on("notification", (message) => {
      if (message.channel === ACCESS_CHANNEL) this.#apply(message.payload ?? "all");
    });
    this.#client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${ACCESS_CHANNEL}`);
    } catch (error) {
      this.#lost(client, error);
      return;
    }
    if (this.#client !== client) return;
    // Anything cached before now may have missed a change.
    this.#clear();
    this.#live = true;
    this.#retryMs = RECONNECT_MIN_MS;
    this.#heartbeat = setInterval(() => {
      client.query("SELECT 1").catch((error: unknown) => this.#lost(client, error));
    }, HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  #lost(client: pg.Client, error?: unknown): void {
    if (this.#client !== client) return;
    const wasLive = this.#live;
    void this.#drop();
    if (this.#closed) return;
    if (wasLive) {
      this.log.warn({ err: error }, "stopped hearing access changes; sessions are read uncached");
    }
    this.#reconnect = setTimeout(() => {
      this.#reconnect = undefined;
      void this.#connect().then(() => {
        if (this.#live) this.log.info({}, "hearing access changes again");
      });
    }, this.#retryMs);
    this.#reconnect.unref();
    this.#retryMs = Math.min(this.#retryMs * 2, RECONNECT_MAX_MS);
  }

  async #drop(): Promise<void> {
    this.#live = false;
    this.#clear();
    clearInterval(this.#heartbeat);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  #apply(payload: string): void {
    const separator = payload.indexOf(":");
    const kind = separator === -1 ? payload : payload.slice(0, separator);
    const id = payload.slice(separator + 1);
    if (kind === "session") this.sessions.evict((_token, session) => session.id === id);
    else if (kind === "user") this.sessions.evict((_token, session) => session.user_id === id);
    else if (kind === "group") {
      this.sessions.evict((_token, session) => session.groups.some((group) => group.id === id));
    } else if (kind === "tool") this.tools.evict((toolId) => toolId === id);
    else this.#clear();
  }

  #clear(): void {
    this.sessions.clear();
    this.tools.clear();
  }
}
