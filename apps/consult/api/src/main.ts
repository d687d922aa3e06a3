import path from "node:path";
import { portalModelAccess } from "@bernard/llm";
import { runTool } from "@bernard/toolkit";
import { uploadStorage } from "@bernard/toolkit/uploads";
import { manifest } from "./manifest.js";
import { buildServer } from "./server.js";

await runTool(
  manifest,
  process.env,
  { defaultPort: 3101, webRoot: path.resolve(import.meta.dirname, "../../web/dist") },
  (options, config) =>
    buildServer({
      ...options,
      models: portalModelAccess(config.portal.url),
      storage: uploadStorage(manifest.id, process.env),
    }),
);
