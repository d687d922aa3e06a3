import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type {
  FastifyContextConfig,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestAsyncHookHandler,
} from "fastify";
import { replyNotFound } from "./error-envelope.js";

/**
 * A page route of the app's UI under its base path, like `/` or `/c/$id` (a `$name` is a
 * parameter, as the UI's router and the tool's contract write it). With `exists`, the
 * page answers 404 (still with index.html, so the UI shows "Page not found") when what its
 * address names does not exist or is not the person's to see, as its API would answer. With
 * `guard` (an onRequest hook that may answer itself, e.g. "sign in first"), the page is the
 * guard's to refuse before anything is looked up.
 */
export type WebPage =
  | string
  | {
      path: string;
      exists?: (request: FastifyRequest<{ Params: Record<string, string> }>) => Promise<boolean>;
      guard?: onRequestAsyncHookHandler;
    };

export interface WebAppOptions {
  basePath: string;
  webRoot: string;
  /** The app's page routes; they answer index.html. */
  pages: WebPage[];
  /** Whether the files and pages need no authentication (the portal's sign-in page is one). */
  isPublic: boolean;
}

const HASHED_ASSETS = "public, max-age=31536000, immutable";

/**
 * Serves the app's built React app under its base path: its declared pages (deep links
 * included) answer index.html with 200, its files themselves, and any other page 404 with
 * index.html, so the app shows its own "Page not found" while the status tells the truth.
 */
export async function registerWebApp(
  server: FastifyInstance,
  options: WebAppOptions,
): Promise<void> {
  if (!existsSync(path.join(options.webRoot, "index.html"))) {
    throw new Error(`No built web app at ${options.webRoot}: run "pnpm build" first.`);
  }
  const config: FastifyContextConfig = options.isPublic ? { authentication: "public" } : {};
  const topLevelFiles = readdirSync(options.webRoot, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name !== "index.html")
    .map((entry) => entry.name);
  const apiPrefix = `${options.basePath}api/`;

  await server.register(
    async (scope) => {
      scope.addHook("onRoute", (route) => {
        route.config = { ...route.config, webAppFile: true };
      });
      await scope.register(fastifyStatic, { root: options.webRoot, serve: false });
      // Vite puts a content hash in every asset name, so those never change; index.html does.
      scope.get<{ Params: { "*": string } }>(
        "/assets/*",
        { config, schema: { hide: true } },
        (request, reply) =>
          reply
            .header("cache-control", HASHED_ASSETS)
            .sendFile(`assets/${request.params["*"]}`, { cacheControl: false }),
      );
      for (const file of topLevelFiles) {
        scope.get(`/${file}`, { config, schema: { hide: true } }, (_request, reply) =>
          reply.header("cache-control", "no-cache").sendFile(file, { cacheControl: false }),
        );
      }
      for (const page of options.pages) {
        const { path: pagePath, exists, guard } = typeof page === "string" ? { path: page } : page;
        scope.get<{ Params: Record<string, string> }>(
          pagePath.replaceAll(/\$(\w+)/g, ":$1"),
          { config, schema: { hide: true }, ...(guard ? { onRequest: guard } : {}) },
          async (request, reply) => sendPage(reply, exists && !(await exists(request)) ? 404 : 200),
        );
      }
      scope.setNotFoundHandler((request, reply) => {
        const isPage =
          request.method === "GET" &&
          !request.url.startsWith(apiPrefix) &&
          (request.headers.accept ?? "").includes("text/html");
        if (!isPage) return replyNotFound(request, reply);
        return sendPage(reply, 404);
      });
    },
    { prefix: options.basePath },
  );
}

/** The UI's index.html with a status; for a guard that refuses a page (403), inside the app's pages. */
export function sendPage(reply: FastifyReply, status: 200 | 403 | 404): FastifyReply {
  return reply
    .code(status)
    .header("cache-control", "no-cache")
    .sendFile("index.html", { cacheControl: false });
}
