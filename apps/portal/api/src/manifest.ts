import { defineTool } from "@bernard/toolkit";
import packageJson from "../package.json" with { type: "json" };

export const manifest = defineTool({
  id: "portal",
  name: "Bernard",
  description: "Sign in once and open the AI assistants your department has enabled for you.",
  version: packageJson.version,
  basePath: "/",
});
