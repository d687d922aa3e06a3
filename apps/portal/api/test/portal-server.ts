import path from "node:path";
import { findFreePort } from "@bernard/database";
import { signInHeaders as signInOverHttp } from "@bernard/launcher/testing";
import type { ToolServerOptions } from "@bernard/toolkit";
import { createTestDatabase } from "@bernard/database/testing";
import { seed } from "../src/launch.js";
import type { PortalConfig } from "../src/config.js";
import { buildPortalServer } from "../src/server.js";
import type { ToolEndpoint } from "../src/services/tool-registry.js";
import { startFixtureTool } from "./tool-fixture.js";

/** The gateway's settings when no model provider is configured. */
export const NO_MODEL: PortalConfig["llm"] = {
  provider: undefined,
  models: ["gpt-4o-mini"],
  requestsPerMinute: undefined,
  tokensPerMinute: undefined,
  embeddingModel: "text-embedding-3-small",
  transcriptionModel: "whisper-1",
  userDailyTokens: 1_000_000,
  toolDailyTokens: 20_000_000,
};

export const ADMIN = { email: "admin@example.gov.uk", password: "stapler orbit meadow" };

/** A real portal on a free port, with its own migrated and seeded database and the built UI. */
export async function startTestPortal(
  options: {
    tools?: ToolEndpoint[];
    /** Authorities trusted for tools on HTTPS (BERNARD_TOOLS_CA's contents). */
    toolsCa?: string;
    port?: number;
    oidc?: PortalConfig["oidc"];
    llm?: PortalConfig["llm"];
    /** The portal's real address, when a test needs redirects back to it (single sign-on). */
    publicUrl?: string;
    /** Another portal's database, to run a second replica of it. */
    database?: { url: string; schema: string };
    /** Proxies whose X-Forwarded-For the portal believes (default: none). */
    trustedProxies?: string[];
    /** Pino options, for a test that reads the portal's log (default: silent). */
    logger?: ToolServerOptions["logger"];
  } = {},
) {
  const database = options.database ?? { url: (await createTestDatabase()).url, schema: "portal" };
  if (!options.database) {
    await seed(database, {
      BERNARD_ADMIN_EMAIL: ADMIN.email,
      BERNARD_ADMIN_PASSWORD: ADMIN.password,
    });
  }
  const server = await buildPortalServer(
    {
      database,
      webRoot: path.resolve(import.meta.dirname, "../../web/dist"),
      sessions: { idleMinutes: 30, absoluteHours: 12, secureCookie: true },
      publicUrl: options.publicUrl ?? "http://portal.test",
      tools: options.tools ?? [],
      toolsCa: options.toolsCa,
      trustedProxies: options.trustedProxies ?? [],
      oidc: options.oidc,
      llm: options.llm ?? NO_MODEL,
    },
    options.logger ?? false,
  );
  const url = await server.listen({ port: options.port ?? 0, host: "127.0.0.1" });
  return { server, url, database };
}

/** Signs in over HTTP and returns the headers a browser would then send (cookie and CSRF token). */
export const signInHeaders = (url: string, email: string, password: string) =>
  signInOverHttp(url, { email, password });

/**
 * A portal and a fixture tool that trust each other: the tool is told the portal's address
 * before the portal starts, as the launcher does.
 */
export async function startPortalWithTool(
  toolId: string,
  extraTools: ToolEndpoint[] = [],
  llm: PortalConfig["llm"] = NO_MODEL,
  logger?: ToolServerOptions["logger"],
) {
  const port = await findFreePort();
  const tool = await startFixtureTool(toolId, {
    url: `http://127.0.0.1:${port}`,
    issuer: "http://portal.test",
  });
  const portal = await startTestPortal({
    port,
    tools: [{ id: toolId, url: tool.url }, ...extraTools],
    llm,
    logger,
  });
  return { tool, portal };
}
