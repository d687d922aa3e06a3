import type { AppDatabase } from "@bernard/database";
import {
  apiPrefix,
  createToolServer,
  type ToolServer,
  type ToolServerOptions,
} from "@bernard/toolkit";
import { manifest } from "./manifest.js";
import { noteRoutes } from "./routes/notes.js";
import { createToolDatabase } from "./services/database.js";

export type ServerOptions = Pick<
  ToolServerOptions,
  "portal" | "verifyUserToken" | "webRoot" | "logger" | "role"
> & { database: AppDatabase };

/** The pages of the tool's UI (web/src/app.tsx); any other page answers 404. */
const PAGES = ["/"];

/** Builds the tool's server; the caller decides whether to listen (main.ts) or test it. */
export async function buildServer(options: ServerOptions): Promise<ToolServer> {
  const db = createToolDatabase(options.database);
  // Every route needs the portal's user token unless it says `config: { authentication: "public" }`.
  const server = await createToolServer({ manifest, ...options, pages: PAGES });
  server.addHook("onClose", () => db.$disconnect());
  await server.register(noteRoutes(db), { prefix: apiPrefix(manifest) });
  return server;
}
