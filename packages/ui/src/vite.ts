import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { NodePackageImporter } from "sass";
import type { Plugin, UserConfig } from "vite";

/**
 * Every app's page around its React root, kept once here: an app's index.html holds only its
 * `<title>` (what shows before the script runs), which this puts in the GOV.UK template.
 */
function govukDocument(): Plugin {
  return {
    name: "bernard-govuk-document",
    transformIndexHtml: {
      // Before Vite reads the page's scripts, so the one below is bundled as if written there.
      order: "pre",
      handler(html) {
        const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? "Bernard";
        return `<!doctype html>
<html lang="en-GB" class="govuk-template">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
    <meta name="theme-color" content="#0b0c0c" />
    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    <title>${title}</title>
  </head>
  <body class="govuk-template__body">
    <div id="root"></div>
    <script type="module" src="/src/main.tsx"></script>
  </body>
</html>
`;
      },
    },
  };
}

/**
 * The Vite config every Bernard web app uses: React, GOV.UK Frontend's Sass (resolved through
 * `pkg:` imports), and the app's base path so its assets resolve behind the portal.
 */
export function defineWebConfig({
  basePath,
  apiPort,
}: {
  basePath: string;
  apiPort?: number;
}): UserConfig {
  return {
    base: basePath,
    plugins: [react(), govukDocument()],
    // Files every app serves as they are (the favicon), kept once here.
    publicDir: fileURLToPath(new URL("../public", import.meta.url)),
    css: {
      preprocessorOptions: {
        scss: { importers: [new NodePackageImporter()], quietDeps: true },
      },
    },
    // GOV.UK Frontend keeps an old-browser media query hack that lightningcss rejects; esbuild minifies it.
    build: { outDir: "dist", emptyOutDir: true, sourcemap: true, cssMinify: "esbuild" },
    server: apiPort
      ? {
          proxy: {
            [`${basePath}api`]: `http://127.0.0.1:${apiPort}`,
            "/health": `http://127.0.0.1:${apiPort}`,
          },
        }
      : {},
  };
}
