import { checkEveryRoute } from "@bernard/toolkit/testing";
import { startSorter } from "./helpers.js";

checkEveryRoute(startSorter, {
  tool: "consult",
  params: { format: "xlsx" },
  pages: ["/", "/c/00000000-0000-4000-8000-000000000000"],
  noSchema: ({ path }) => path.endsWith("/export.{format}"), // a file to download
});
