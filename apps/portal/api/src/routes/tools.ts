import type { ToolRoutes } from "@bernard/toolkit";
import { z } from "zod";
import { requireAdmin, requireUser } from "../plugins/sessions.js";
import type { PortalDatabase } from "../services/database.js";
import type { ToolRegistry } from "../services/tool-registry.js";
import {
  catalogue,
  changeToolSettings,
  findManagedTool,
  listManagedTools,
} from "../services/tools.js";

const catalogueEntry = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  href: z.string(),
});

const managedTool = catalogueEntry.extend({
  version: z.string().nullable(),
  enabled: z.boolean(),
  openToEveryone: z.boolean(),
  groups: z.array(z.object({ id: z.string(), name: z.string() })),
  status: z.object({
    state: z.enum(["healthy", "unreachable", "misconfigured"]),
    reason: z.string().optional(),
  }),
  llmModel: z.string().nullable(),
  llmDailyTokens: z.number().nullable(),
});

const toolParams = z.object({ id: z.string().max(40) });

const settingsBody = z.object({
  enabled: z.boolean(),
  openToEveryone: z.boolean(),
  groupIds: z.array(z.uuid("Choose groups from the list")).max(500).default([]),
  llmModel: z.string().max(100).nullable().optional(),
  llmDailyTokens: z
    .number()
    .int("Enter a whole number of tokens")
    .min(1, "Enter a number of tokens greater than 0")
    .max(1_000_000_000_000, "Enter a smaller number of tokens")
    .nullable()
    .optional(),
});

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
        onRequest: requireUser,
        schema: { tags: ["tools"], response: { 200: z.array(catalogueEntry) } },
      },
      async (request) => catalogue(db, registry, request.session!),
    );

    api.get(
      "/admin/tools",
      {
        onRequest: requireAdmin,
        schema: { tags: ["admin"], response: { 200: z.array(managedTool) } },
      },
      async () => listManagedTools(db, registry),
    );

    api.get(
      "/admin/tools/:id",
      {
        onRequest: requireAdmin,
        schema: { tags: ["admin"], params: toolParams, response: { 200: managedTool } },
      },
      async (request) => findManagedTool(db, registry, request.params.id),
    );

    api.put(
      "/admin/tools/:id",
      {
        onRequest: requireAdmin,
        schema: {
          tags: ["admin"],
          params: toolParams,
          body: settingsBody,
          response: { 200: managedTool },
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
