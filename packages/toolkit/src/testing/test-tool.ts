import type { TokenVerifier, UserClaims } from "@bernard/auth";
import type { AppDatabase } from "@bernard/database";
import { createTestDatabase } from "@bernard/database/testing";
import type { ToolServer } from "../server/create-tool-server.js";
import { createPortalKeys, toolClient } from "./tool-client.js";

/** What every tool's server needs in a test: a database of its own and the test portal's keys. */
export interface TestToolSettings {
  database: AppDatabase;
  verifyUserToken: TokenVerifier;
  logger: false;
}

/**
 * A tool's server for its tests, on a free port with a database of its own; the test plays the
 * portal, signing user tokens with a key of its own. `build` is the tool's `buildServer`, given
 * these settings beside its own. `as(person)` calls the API as someone signed in, and
 * `openPageAs(person, page)` opens one of its pages (`/c/<id>`…) as their browser would.
 */
export async function startTestTool<Server extends ToolServer>(
  tool: { id: string; schema: string },
  build: (settings: TestToolSettings) => Promise<Server>,
) {
  const portal = await createPortalKeys();
  const database = { url: (await createTestDatabase()).url, schema: tool.schema };
  const server = await build({
    database,
    verifyUserToken: portal.verifier(tool.id),
    logger: false,
  });
  const origin = await server.listen({ port: 0, host: "127.0.0.1" });
  const as = toolClient({
    apiUrl: `${origin}/tools/${tool.id}/api`,
    keys: portal,
    audience: tool.id,
  });
  const openPageAs = async (person: UserClaims, page: string) =>
    fetch(`${origin}/tools/${tool.id}${page}`, {
      headers: {
        accept: "text/html",
        authorization: `Bearer ${await portal.issue(person, tool.id)}`,
      },
    });
  return { server, database, origin, portal, as, openPageAs };
}
