import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { NodePackageImporter } from "sass";
import type { UserConfig } from "vite";

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
    plugins: [react()],
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
