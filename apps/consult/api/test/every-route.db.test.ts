import { PAGES } from "@bernard/consult-contract";
import { checkEveryRoute } from "@bernard/toolkit/testing";
import { startSorter } from "./helpers.js";

checkEveryRoute(startSorter, {
  tool: "consult",
  params: { format: "xlsx" },
  pages: Object.values(PAGES),
  noSchema: ({ path }) => path.endsWith("/export.{format}"), // a file to download
});
