import { checkEveryRoute } from "@bernard/toolkit/testing";
import { startMinutes } from "./helpers.js";

checkEveryRoute(startMinutes, {
  tool: "minutes",
  params: { format: "docx", number: "1" },
  pages: ["/", "/actions", "/m/00000000-0000-4000-8000-000000000000/minutes"],
  // A download (the minutes, the actions) has no JSON schema to give.
  noSchema: ({ path }) => path.endsWith("/export.{format}") || path.endsWith(".csv"),
});
