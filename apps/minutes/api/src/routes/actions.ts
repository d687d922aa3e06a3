import {
  actionListQuery,
  actionRowSchema,
  failures,
  retentionSchema,
} from "@bernard/minutes-contract";
import { AppError, type PortalAudit, type ToolRoutes } from "@bernard/toolkit";
import { sendDownload } from "@bernard/toolkit/exports";
import { z } from "zod";
import { actionsCsv, listActions } from "../services/actions.js";
import type { ToolDatabase } from "../services/database.js";
import { retentionSettings, setRetention } from "../services/retention.js";
import { isAdmin, personOf } from "@bernard/toolkit/sharing";

/** Actions across the meetings a person may see, and the tool's settings. */
export function actionAndSettingRoutes(
  db: ToolDatabase,
  portalAudit: PortalAudit | undefined,
): ToolRoutes {
  return async (api) => {
    api.get(
      "/actions",
      {
        schema: {
          querystring: actionListQuery,
          response: { 200: z.array(actionRowSchema), ...failures },
        },
      },
      async (request) => listActions(db, personOf(request.user!), request.query),
    );

    api.get(
      "/actions.csv",
      {
        schema: {
          querystring: actionListQuery,
          description: "The same actions as a CSV file to download.",
        },
      },
      async (request, reply) => {
        const rows = await listActions(db, personOf(request.user!), request.query);
        const { scope, filter } = request.query;
        return sendDownload(request, reply, portalAudit, {
          body: actionsCsv(rows),
          format: "csv",
          fileName: `${scope === "mine" ? "my" : "team"}-actions-${filter}.csv`,
          what: `${scope === "mine" ? "their" : "the team's"} actions (${filter}, csv)`,
        });
      },
    );

    api.get("/settings/retention", { schema: { response: { 200: retentionSchema } } }, async () =>
      retentionSettings(db),
    );

    api.put(
      "/settings/retention",
      {
        schema: {
          body: retentionSchema,
          response: { 200: retentionSchema, ...failures, 403: failures[404] },
        },
      },
      async (request) => {
        if (!isAdmin(request.user!))
          throw AppError.forbidden(
            "Only an admin can change how long transcripts and agreed minutes are kept.",
          );
        return setRetention(db, request.body, personOf(request.user!));
      },
    );
  };
}
