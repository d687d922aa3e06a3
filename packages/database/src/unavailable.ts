/**
 * Whether an error means "the database cannot be reached just now" (stopped, restarting, frozen,
 * or the network to it gone), as opposed to a fault in the query or the data. Such a request may
 * succeed if tried again later, so apps answer it with 503 rather than 500.
 *
 * Errors arrive in several wrappings: pg's own (socket errors, timeouts, server error codes),
 * Prisma's driver adapter (`DriverAdapterError` with a `kind`), and Prisma's client errors
 * (`P1001`, `P2010`…) with the adapter's error in `meta`. This looks through all of them.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending = [error];
  while (pending.length > 0) {
    const current = pending.pop();
    if (!isObject(current) || seen.has(current)) continue;
    seen.add(current);
    if (isUnavailableHere(current)) return true;
    pending.push(current.cause);
    // Prisma's client errors carry the driver adapter's error in `meta`, not as `cause`.
    if (isObject(current.meta)) pending.push(current.meta.driverAdapterError);
  }
  return false;
}

/** Node's socket errors when nothing answers at the address, or the connection breaks. */
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/**
 * PostgreSQL's SQLSTATEs for a server that is going away or not taking work: class 08
 * (connection exception), 57P01-57P03 (admin or crash shutdown, cannot connect now), 53300 (too
 * many connections) and 57014 (a statement cancelled by the statement timeout).
 */
const SERVER_CODES = new Set([
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "57014",
]);

/** Prisma's codes for the same: cannot reach, timed out, operation timed out, connection closed. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);

/** What Prisma's pg driver adapter calls them. */
const ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);

/** pg's errors that carry no code: its client-side timeouts and a connection that ended. */
const PG_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Query read timeout/,
  /is not queryable/,
];

function isUnavailableHere(error: Record<string, unknown>): boolean {
  const code = typeof error.code === "string" ? error.code : undefined;
  if (code && (SOCKET_CODES.has(code) || SERVER_CODES.has(code) || PRISMA_CODES.has(code)))
    return true;
  // Prisma's DriverAdapterError keeps the adapter's description of the failure in `cause`.
  if (isObject(error.cause)) {
    const { kind, originalCode } = error.cause;
    if (typeof kind === "string" && ADAPTER_KINDS.has(kind)) return true;
    if (kind === "postgres" && typeof error.cause.code === "string")
      return SERVER_CODES.has(error.cause.code);
    if (typeof originalCode === "string" && SERVER_CODES.has(originalCode)) return true;
  }
  const message = typeof error.message === "string" ? error.message : "";
  return PG_MESSAGES.some((pattern) => pattern.test(message));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
