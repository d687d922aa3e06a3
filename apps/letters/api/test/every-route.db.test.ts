import { PAGES } from "@bernard/letters-contract";
import { checkEveryRoute } from "@bernard/toolkit/testing";
import { startLetters } from "./helpers.js";

checkEveryRoute(startLetters, {
  tool: "letters",
  params: { format: "docx", number: "1" },
  pages: Object.values(PAGES),
  noSchema: ({ path }) => path.endsWith("/export.{format}"), // a file to download
});
