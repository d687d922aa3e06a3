import {
  catalogueSchema,
  managedToolSchema,
  managedToolsSchema,
  toolIdParams,
  toolSettingsBody,
} from "@bernard/portal-contract";
import type { ToolRoutes } from "@bernard/toolkit";
import { requireAdmin } from "../plugins/sessions.js";
import type { PortalDatabase } from "../services/database.js";
import type { ToolRegistry } from "../services/tool-registry.js";
import {
  catalogue,
  changeToolSettings,
  findManagedTool,
  listManagedTools,
} from "../services/tools.js";

/** The catalogue for everyone signed in, and the tools page for admins. */
export function toolRoutes(
  db: PortalDatabase,
  registry: ToolRegistry,
  allowedModels: string[],
): ToolRoutes {
  return async (api) => {
    api.get(
      "/tools",
      {
        schema: { tags: ["tools"], response: { 200: catalogueSchema } },
      },
      async (request) => catalogue(db, registry, request.session!),
    );

    api.get(
      "/admin/tools",
      {
        onRequest: requireAdmin,
        schema: { tags: ["admin"], response: { 200: managedToolsSchema } },
      },
      async () => listManagedTools(db, registry),
    );

    api.get(
      "/admin/tools/:id",
      {
        onRequest: requireAdmin,
        schema: { tags: ["admin"], params: toolIdParams, response: { 200: managedToolSchema } },
      },
      async (request) => findManagedTool(db, registry, request.params.id),
    );

    api.put(
      "/admin/tools/:id",
      {
        onRequest: requireAdmin,
        schema: {
          tags: ["admin"],
          params: toolIdParams,
          body: toolSettingsBody,
          response: { 200: managedToolSchema },
        },
      },
      async (request) =>
        changeToolSettings(db, registry, request.params.id, request.body, {
          actor: request.session!.user,
          ip: request.ip,
          allowedModels,
        }),
    );
  };
}
