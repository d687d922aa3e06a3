import type { FastifyInstance } from "fastify";
import type { JobSnapshot } from "../src/jobs/job-store.js";
import type { Authenticator } from "../src/server/plugins/authentication.js";

/** Starts the server on a free loopback port and returns its base URL; tests talk real HTTP. */
export async function listen(server: FastifyInstance): Promise<string> {
  return server.listen({ port: 0, host: "127.0.0.1" });
}

/** Reads a JSON response body loosely typed, for assertions. */
export async function json(response: Response): Promise<any> {
  return response.json();
}

/** Reads a text/event-stream response to its end, returning each event's parsed data. */
export async function readEvents(response: Response): Promise<JobSnapshot[]> {
  const text = await response.text();
  return text
    .split("\n\n")
    .filter((block) => block.startsWith("event: progress"))
    .map((block) => JSON.parse(block.split("\ndata: ")[1]!) as JobSnapshot);
}

export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  { timeoutMs = 20_000, what = "condition" } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/**
 * Lets every request in as an admin, for tests about something other than authentication
 * (which test/route-spellings.test.ts and user-token.test.ts hold).
 */
export const admitAsAdmin: Authenticator = async (request) => {
  request.user = {
    sub: "test-admin",
    name: "Test Admin",
    email: "admin@example.gov.uk",
    roles: ["admin"],
    groups: [],
  };
};
