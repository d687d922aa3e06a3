import { portalStatusSchema } from "@bernard/portal-contract";
import type { ToolRoutes } from "@bernard/toolkit";
import type { PortalDatabase } from "../services/database.js";
import { findInstallation } from "../services/installation.js";

/** What the home page shows about this installation of Bernard. */
export function statusRoutes(
  db: PortalDatabase,
  about: { service: string; version: string },
): ToolRoutes {
  return async (api) => {
    api.get(
      "/status",
      {
        schema: {
          tags: ["portal"],
          summary: "This installation of Bernard",
          response: { 200: portalStatusSchema },
        },
      },
      async () => ({ ...about, installation: (await findInstallation(db)) ?? null }),
    );
  };
}
