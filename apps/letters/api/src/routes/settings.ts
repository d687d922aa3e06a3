import { failures, settingsSchema } from "@bernard/letters-contract";
import { AppError, type ToolRoutes } from "@bernard/toolkit";
import type { ToolDatabase } from "../services/database.js";
import { isAdmin, readSettings, saveSettings } from "../services/settings.js";

/** The letterhead, who approves and the working days to a deadline: everyone reads, admins change. */
export function settingRoutes(db: ToolDatabase): ToolRoutes {
  return async (api) => {
    api.get("/settings", { schema: { response: { 200: settingsSchema } } }, async () =>
      readSettings(db),
    );

    api.put(
      "/settings",
      {
        schema: {
          body: settingsSchema,
          response: { 200: settingsSchema, ...failures, 403: failures[404] },
        },
      },
      async (request) => {
        if (!isAdmin(request.user!)) {
          throw AppError.forbidden(
            "Only an administrator can change the letter drafter's settings.",
          );
        }
        return saveSettings(db, request.body);
      },
    );
  };
}
