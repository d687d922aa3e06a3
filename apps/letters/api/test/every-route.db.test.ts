import { checkEveryRoute } from "@bernard/toolkit/testing";
import { startLetters } from "./helpers.js";

checkEveryRoute(startLetters, {
  tool: "letters",
  params: { format: "docx", number: "1" },
  pages: ["/", "/new", "/lines", "/settings", "/c/00000000-0000-4000-8000-000000000000"],
  noSchema: ({ path }) => path.endsWith("/export.{format}"), // a file to download
});
