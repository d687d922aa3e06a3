import { expect, it } from "vitest";
import { defineTool } from "../src/manifest.js";

it("fills in defaults for roles and capabilities", () => {
  const manifest = defineTool({
    id: "minutes",
    name: "Minute summariser",
    description: "Turns a transcript into formal minutes",
    version: "0.1.0",
    basePath: "/tools/minutes/",
  });
  expect(manifest.roles).toEqual(["user", "admin"]);
  expect(manifest.capabilities).toEqual([]);
});

it("names every field that is wrong", () => {
  expect(() =>
    defineTool({ id: "Bad Id", name: "", description: "x", version: "one", basePath: "tools" }),
  ).toThrow(
    /id: use 2–31 lower-case[\s\S]*name:[\s\S]*version: use a semantic version[\s\S]*basePath: start and end with \//,
  );
});
