import pg from "pg";
import { quoteIdentifier, TIMEOUT_OPTIONS } from "./connection.js";

export interface NotificationListenerOptions {
  /** Connection string of the server to listen on. */
  url: string;
  /** The NOTIFY channels to LISTEN on. */
  channels: string[];
  onNotification: (channel: string, payload: string) => void;
  /**
   * Called each time the LISTEN is back in place after the connection was lost. Notifications
   * sent meanwhile are gone, so this is where a caller catches up (re-reads what it watches).
   */
  onReconnected?: () => void;
  /** The connection was lost, or a reconnection attempt failed (it keeps trying). */
  onError?: (error: unknown) => void;
}

/** Waits between reconnection attempts: quick at first, then every few seconds at most. */
const RECONNECT_DELAYS_MS = { first: 250, max: 5_000 } as const;

/**
 * One connection that LISTENs on some channels and keeps doing so: when the connection drops
 * (the server restarted or went away), it reconnects with backoff and LISTENs again, for as long
 * as it is not stopped.
 */
export class NotificationListener {
  readonly #options: NotificationListenerOptions;
  #client: pg.Client | undefined;
  #retry: NodeJS.Timeout | undefined;
  #delayMs: number = RECONNECT_DELAYS_MS.first;
  #stopped = false;

  constructor(options: NotificationListenerOptions) {
    this.#options = options;
  }

  /** Connects and LISTENs; rejects if that first attempt fails (later ones retry by themselves). */
  async start(): Promise<void> {
    this.#stopped = false;
    await this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#options.url, ...TIMEOUT_OPTIONS });
    let lost = false;
    const onLost = (error: unknown) => {
      if (lost) return;
      lost = true;
      client.removeAllListeners("notification");
      void client.end().catch(() => {});
      if (this.#client === client) this.#client = undefined;
      if (this.#stopped) return;
      this.#options.onError?.(error);
      this.#scheduleReconnect();
    };
    client.on("error", onLost);
    client.on("end", () => onLost(new Error("Connection terminated")));
    client.on("notification", (message) => {
      if (message.payload !== undefined)
        this.#options.onNotification(message.channel, message.payload);
    });
    try {
      await client.connect();
      for (const channel of this.#options.channels)
        await client.query(`LISTEN ${quoteIdentifier(channel)}`);
    } catch (error) {
      lost = true;
      client.removeAllListeners("notification");
      await client.end().catch(() => {});
      throw error;
    }
    if (this.#stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
    this.#delayMs = RECONNECT_DELAYS_MS.first;
  }

  #scheduleReconnect(): void {
    const delay = this.#delayMs;
    this.#delayMs = Math.min(delay * 2, RECONNECT_DELAYS_MS.max);
    this.#retry = setTimeout(() => {
      this.#connect().then(
        () => {
          if (!this.#stopped) this.#options.onReconnected?.();
        },
        (error: unknown) => {
          if (this.#stopped) return;
          this.#options.onError?.(error);
          this.#scheduleReconnect();
        },
      );
    }, delay);
  }
}
