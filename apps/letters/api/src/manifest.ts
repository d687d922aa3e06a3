import { defineTool } from "@bernard/toolkit";

/** What this tool is; the portal reads it from `/manifest` for its catalogue and admin pages. */
export const manifest = defineTool({
  id: "letters",
  name: "Letter drafter",
  description: "Draft replies to correspondence from approved lines to take.",
  version: "0.1.0",
  basePath: "/tools/letters/",
});
