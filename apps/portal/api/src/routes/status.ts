import type { ToolRoutes } from "@bernard/toolkit";
import { z } from "zod";
import { requireUser } from "../plugins/sessions.js";
import type { PortalDatabase } from "../services/database.js";
import { findInstallation, installationSchema } from "../services/installation.js";

const statusResponse = z.object({
  service: z.string(),
  version: z.string(),
  installation: installationSchema.nullable(),
});

/** What the home page shows about this installation of Bernard. */
export function statusRoutes(
  db: PortalDatabase,
  about: { service: string; version: string },
): ToolRoutes {
  return async (api) => {
    api.get(
      "/status",
      {
        onRequest: requireUser,
        schema: {
          tags: ["portal"],
          summary: "This installation of Bernard",
          response: { 200: statusResponse },
        },
      },
      async () => ({ ...about, installation: (await findInstallation(db)) ?? null }),
    );
  };
}
