import { listenUntilStopped } from "@bernard/toolkit";
import { readConfig } from "./config.js";
import { buildPortalServer } from "./server.js";

const config = readConfig();
const server = await buildPortalServer(config, { level: config.logLevel });
await listenUntilStopped(server, { port: config.port, host: config.host });
