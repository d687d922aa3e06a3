import { describe, expect, it } from "vitest";
import { pageAfterSignIn } from "../src/local-path.js";

/** Spellings that a browser would take off the site; each must send the person home instead. */
const LEAVING = [
  "//evil.example",
  "//evil.example/d",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\t/evil.example/d",
  "/\n/evil.example/d",
  "/\r/evil.example/d",
  "/\t\\evil.example",
  "/\r\n/evil.example",
  "\t//evil.example",
  " //evil.example",
  "/..//evil.example",
  "/.//evil.example",
  "/a/../..//evil.example",
  "/%2e%2e//evil.example",
  "/%2e//evil.example",
  "https://evil.example",
  "https:evil.example",
  "http://bernard.invalid@evil.example",
  "//user:pass@evil.example",
  "/\\user@evil.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "evil.example",
  "",
  null,
  undefined,
];

/** Pages on the site, kept (normalised as the browser would open them). */
const STAYING: [string, string][] = [
  ["/", "/"],
  ["/tools/consult/", "/tools/consult/"],
  ["/tools/consult/questions?id=1#top", "/tools/consult/questions?id=1#top"],
  ["/admin/users?next=//evil.example", "/admin/users?next=//evil.example"],
  ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ["/@evil.example", "/@evil.example"],
  ["/a/../admin", "/admin"],
  ["/tools/\tconsult/", "/tools/consult/"],
];

describe("the page after signing in", () => {
  it.each(LEAVING.map((next) => [JSON.stringify(next), next]))("sends %s home", (_label, next) => {
    expect(pageAfterSignIn(next)).toBe("/");
  });

  it.each(STAYING)("keeps %j as %j", (next, page) => {
    expect(pageAfterSignIn(next)).toBe(page);
  });

  it("returns only paths that stay on the site when opened again", () => {
    for (const next of [...LEAVING, ...STAYING.map(([spelling]) => spelling)]) {
      const page = pageAfterSignIn(next);
      expect(new URL(page, "https://portal.example").origin).toBe("https://portal.example");
    }
  });
});
