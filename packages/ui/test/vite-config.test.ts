import type { IndexHtmlTransformHook, Plugin } from "vite";
import { describe, expect, it } from "vitest";
import { defineWebConfig } from "../src/vite.js";

/** The page a web app's index.html (its title alone) becomes. */
function documentFrom(indexHtml: string): string {
  const plugin = defineWebConfig({ basePath: "/tools/minutes/" }).plugins?.find(
    (candidate) => (candidate as Plugin).name === "bernard-govuk-document",
  ) as Plugin;
  const { handler } = plugin.transformIndexHtml as { handler: IndexHtmlTransformHook };
  // The handler uses no plugin context: it only rewrites the page.
  return handler.call({} as never, indexHtml, {
    path: "/index.html",
    filename: "index.html",
  }) as string;
}

describe("defineWebConfig", () => {
  it("puts an app's title in the one GOV.UK page every app has, with its script", () => {
    const page = documentFrom("<title>Minute summariser – Bernard</title>\n");
    expect(page).toMatch(/^<!doctype html>\n<html lang="en-GB" class="govuk-template">/);
    expect(page).toContain("<title>Minute summariser – Bernard</title>");
    expect(page).toContain('<body class="govuk-template__body">');
    expect(page).toContain('<div id="root"></div>');
    expect(page).toContain('<script type="module" src="/src/main.tsx"></script>');
  });
});
