// The smallest real tool, for the gateway benchmark: the toolkit's server with user-token checks
// against the portal's published keys, and one route. Started as its own process by gateway.ts.
import { apiPrefix, createToolServer, defineTool, listenUntilStopped } from "@bernard/toolkit";

const manifest = defineTool({
  id: "bench",
  name: "Gateway benchmark",
  description: "Answers one small JSON request, to measure the gateway.",
  version: "1.0.0",
  basePath: "/tools/bench/",
});

const portalUrl = process.env.BERNARD_PORTAL_URL!;
const server = await createToolServer({
  manifest,
  portal: { url: portalUrl, issuer: portalUrl },
  logger: { level: "warn" },
});
await server.register(
  async (api) => {
    api.get("/ping", async () => ({ ok: true }));
    // The bench reads back the token the gateway signed, to call the tool directly with it.
    api.get("/token", async (request) => ({ authorization: request.headers.authorization }));
  },
  { prefix: apiPrefix(manifest) },
);
await listenUntilStopped(server, { port: Number(process.env.PORT), host: "127.0.0.1" });
