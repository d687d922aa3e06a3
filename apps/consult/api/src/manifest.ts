import { defineTool } from "@bernard/toolkit";

/** What this tool is; the portal reads it from `/manifest` for its catalogue and admin pages. */
export const manifest = defineTool({
  id: "consult",
  name: "Consultation sorter",
  description:
    "Sort thousands of consultation responses into themes, with the evidence for each, for experts to review and sign off.",
  version: "0.1.0",
  basePath: "/tools/consult/",
});
