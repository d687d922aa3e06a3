import { RouterProvider, type AnyRouter } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { initGovukFrontend } from "../govuk.js";
import { DataProvider } from "./provider.js";

/**
 * Starts an app's pages in `#root` (its `main.tsx` calls it once): GOV.UK Frontend's scripts,
 * server state with Bernard's defaults (`DataProvider`), and the app's typed routes.
 */
export function mountApp(router: AnyRouter, root = document.getElementById("root")!): void {
  initGovukFrontend();
  createRoot(root).render(
    <StrictMode>
      <DataProvider>
        <RouterProvider router={router} />
      </DataProvider>
    </StrictMode>,
  );
}
