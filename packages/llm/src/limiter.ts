export interface RateLimits {
  /** Requests the provider allows per minute (RPM). */
  requestsPerMinute?: number;
  /** Tokens (prompt + completion) the provider allows per minute (TPM). */
  tokensPerMinute?: number;
}

const WINDOW_MS = 60_000;

/** A request counted against the window; settle it with the tokens it really used. */
export interface LimiterTicket {
  readonly at: number;
  tokens: number;
}

/**
 * Keeps a client under its provider's per-minute limits by waiting before a request rather than
 * bouncing off a 429: a sliding window of what was sent in the last minute.
 */
export class RateLimiter {
  readonly #sent: LimiterTicket[] = [];
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Waits until a request of about `tokens` tokens fits, then counts it as sent. */
  acquire(tokens: number): Promise<LimiterTicket> {
    // One waiter at a time, so requests go in the order they asked.
    const turn = this.#queue.then(() => this.#waitFor(tokens));
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  /** Corrects the estimate once the provider says how many tokens a request really used. */
  settle(ticket: LimiterTicket, actualTokens: number): void {
    ticket.tokens = actualTokens;
  }

  async #waitFor(tokens: number): Promise<LimiterTicket> {
    const { requestsPerMinute, tokensPerMinute } = this.limits;
    // A single request larger than the whole budget could never fit; let it go alone.
    const needed = tokensPerMinute ? Math.min(tokens, tokensPerMinute) : tokens;
    for (;;) {
      const now = this.now();
      while (this.#sent.length > 0 && this.#sent[0]!.at <= now - WINDOW_MS) this.#sent.shift();
      const used = this.#sent.reduce((total, sent) => total + sent.tokens, 0);
      const requestsOk = !requestsPerMinute || this.#sent.length < requestsPerMinute;
      const tokensOk = !tokensPerMinute || used + needed <= tokensPerMinute;
      if (requestsOk && tokensOk) {
        const ticket = { at: now, tokens };
        this.#sent.push(ticket);
        return ticket;
      }
      await new Promise((resolve) => setTimeout(resolve, this.#waitMs(now, needed)));
    }
  }

  /** Until the oldest entries leave the window and make room. */
  #waitMs(now: number, needed: number): number {
    const { requestsPerMinute, tokensPerMinute } = this.limits;
    let freeAt = now;
    if (requestsPerMinute && this.#sent.length >= requestsPerMinute) {
      freeAt = Math.max(freeAt, this.#sent[this.#sent.length - requestsPerMinute]!.at + WINDOW_MS);
    }
    if (tokensPerMinute) {
      let used = this.#sent.reduce((total, sent) => total + sent.tokens, 0);
      for (const sent of this.#sent) {
        if (used + needed <= tokensPerMinute) break;
        used -= sent.tokens;
        freeAt = Math.max(freeAt, sent.at + WINDOW_MS);
      }
    }
    return Math.max(5, freeAt - now + 1);
  }
}
