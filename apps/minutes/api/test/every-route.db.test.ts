import { PAGES } from "@bernard/minutes-contract";
import { checkEveryRoute } from "@bernard/toolkit/testing";
import { startMinutes } from "./helpers.js";

checkEveryRoute(startMinutes, {
  tool: "minutes",
  params: { format: "docx", number: "1" },
  pages: Object.values(PAGES),
  // A download (the minutes, the actions) has no JSON schema to give.
  noSchema: ({ path }) => path.endsWith("/export.{format}") || path.endsWith(".csv"),
});
