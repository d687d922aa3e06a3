import { existsSync } from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { replyNotFound } from "./error-envelope.js";

/**
 * Serves the tool's built React app under its base path. Any other GET for a page (not a file,
 * not the API) gets index.html, so the app's own router can show it (SPA fallback).
 */
export async function registerWebApp(
  server: FastifyInstance,
  options: { basePath: string; webRoot: string },
): Promise<void> {
  if (!existsSync(path.join(options.webRoot, "index.html"))) {
    throw new Error(`No built web app at ${options.webRoot}: run "pnpm build" first.`);
  }
  const apiPrefix = `${options.basePath}api/`;
  await server.register(
    async (scope) => {
      scope.addHook("onRoute", (route) => {
        route.config = { ...route.config, webAppFile: true };
      });
      await scope.register(fastifyStatic, {
        root: options.webRoot,
        prefix: "/",
        setHeaders: (reply, filePath) => {
          // Vite puts a content hash in every asset name, so those never change; index.html does.
          const hashed = filePath.includes(`${path.sep}assets${path.sep}`);
          reply.header(
            "Cache-Control",
            hashed ? "public, max-age=31536000, immutable" : "no-cache",
          );
        },
      });
      scope.setNotFoundHandler((request, reply) => {
        const isPage =
          request.method === "GET" &&
          !request.url.startsWith(apiPrefix) &&
          (request.headers.accept ?? "").includes("text/html");
        if (!isPage) return replyNotFound(request, reply);
        return reply.header("Cache-Control", "no-cache").sendFile("index.html");
      });
    },
    { prefix: options.basePath },
  );
}
