import { defineTool } from "@bernard/toolkit";

/** What this tool is; the portal reads it from `/manifest` for its catalogue and admin pages. */
export const manifest = defineTool({
  id: "minutes",
  name: "Minute summariser",
  description:
    "Draft formal minutes from a meeting transcript, every point linked to the lines it came from.",
  version: "0.1.0",
  basePath: "/tools/minutes/",
});
