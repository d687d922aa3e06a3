import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  apiPrefix,
  createToolServer,
  defineTool,
  type PortalTrust,
  type ToolRoutes,
} from "@bernard/toolkit";
import { z } from "zod";

/**
 * A small real tool for the gateway tests, built on the toolkit like every tool: it reports who
 * the portal says is calling and which headers arrived, echoes bodies, and streams events.
 */
export async function startFixtureTool(id: string, portal: PortalTrust, port = 0) {
  const manifest = defineTool({
    id,
    name: `${id[0]!.toUpperCase()}${id.slice(1)} (test tool)`,
    description: "A tool that only exists in the portal's tests.",
    version: "2.3.4",
    basePath: `/tools/${id}/`,
  });
  const webRoot = await mkdtemp(path.join(tmpdir(), `${id}-web-`));
  await writeFile(
    path.join(webRoot, "index.html"),
    `<!doctype html><html lang="en"><title>${manifest.name}</title><main><h1>${manifest.name}</h1></main></html>`,
  );
  const server = await createToolServer({
    manifest,
    webRoot,
    logger: false,
    portal,
  });
  const routes: ToolRoutes = async (api) => {
    api.get("/whoami", async (request) => ({ user: request.user, headers: request.headers }));
    api.post("/echo", { schema: { body: z.object({ text: z.string() }) } }, async (request) => ({
      text: request.body.text,
    }));
    api.get("/stream", async (request, reply) => {
      reply.raw.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
      });
      for (let index = 1; index <= 3; index += 1) {
        reply.raw.write(`event: tick\ndata: ${index}\n\n`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      reply.raw.end();
      return reply;
    });
    api.get("/cookie", async (_request, reply) =>
      reply.header("set-cookie", "bernard_session=stolen; Path=/").send({ ok: true }),
    );
  };
  await server.register(routes, { prefix: apiPrefix(manifest) });
  const url = await server.listen({ port, host: "127.0.0.1" });
  return {
    id,
    url,
    server,
  };
}
