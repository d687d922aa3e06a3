// The gateway benchmark's ceiling: the portal's own forwarder behind a plain Node server, with no
// session, access check or Fastify in front of it. What it costs is the cost of proxying at all
// on this machine. Started as its own process by gateway.ts; never part of a running suite.
import { createServer } from "node:http";
import Fastify from "fastify";
import { ToolForwarder } from "../plugins/tool-forwarder.js";

const origin = new URL(process.env.BENCH_TOOL_URL!).origin;
const token = process.env.BENCH_TOKEN!;
const forwarder = new ToolForwarder(undefined);
// Fastify's logger (pino), as the portal logs with; the server itself is Node's.
const log = Fastify({ logger: { level: "warn" } }).log;
let requests = 0;

const server = createServer((request, response) => {
  if (request.url === "/ready") {
    response.writeHead(200).end();
    return;
  }
  requests += 1;
  forwarder.forward(request, response, {
    origin,
    path: request.url!,
    token,
    requestId: String(requests),
    client: { ip: request.socket.remoteAddress ?? "", protocol: "http", host: "bench" },
    answerHeaders: [],
    log,
    toolId: "bench",
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1");
process.once("SIGTERM", () => {
  server.close();
  void forwarder.close();
});
