import { z } from "zod";
import { dailyTokens } from "./fields.js";

/** A tool this person may open, for the home page. */
export const catalogueEntrySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  href: z.string(),
});
export type CatalogueEntry = z.infer<typeof catalogueEntrySchema>;

/** `GET /api/tools`: the tools this person may open. */
export const catalogueSchema = z.array(catalogueEntrySchema);

export const TOOL_STATES = ["healthy", "unreachable", "misconfigured"] as const;

/** A tool as admins manage it: `GET` and `PUT /api/admin/tools/:id` answer one. */
export const managedToolSchema = catalogueEntrySchema.extend({
  version: z.string().nullable(),
  enabled: z.boolean(),
  openToEveryone: z.boolean(),
  groups: z.array(z.object({ id: z.string(), name: z.string() })),
  status: z.object({ state: z.enum(TOOL_STATES), reason: z.string().optional() }),
  /** The model chosen for this tool, or null for the installation's default. */
  llmModel: z.string().nullable(),
  /** Tokens per day for everyone together, or null for the installation's default. */
  llmDailyTokens: z.number().nullable(),
});
export type ManagedTool = z.infer<typeof managedToolSchema>;

/** `GET /api/admin/tools`: every tool the portal knows. */
export const managedToolsSchema = z.array(managedToolSchema);

/** The `:id` of `/api/admin/tools/:id`. */
export const toolIdParams = z.object({ id: z.string().max(40) });

/** `PUT /api/admin/tools/:id`. */
export const toolSettingsBody = z.object({
  enabled: z.boolean(),
  openToEveryone: z.boolean(),
  groupIds: z.array(z.uuid("Choose groups from the list")).max(500).default([]),
  llmModel: z.string().max(100).nullable().optional(),
  llmDailyTokens: dailyTokens.nullable().optional(),
});
export type ToolSettings = z.input<typeof toolSettingsBody>;
