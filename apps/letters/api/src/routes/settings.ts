import { currentLogoSchema, failures, settingsSchema } from "@bernard/letters-contract";
import { AppError, type ToolRoutes, type UserClaims } from "@bernard/toolkit";
import { isAdmin } from "@bernard/toolkit/sharing";
import type { ToolDatabase } from "../services/database.js";
import { readLogo, removeLogo, saveLogo } from "../services/logo.js";
import { readSettings, saveSettings } from "../services/settings.js";
import { uploadedFile } from "./uploads.js";

const onlyAdmins = (user: UserClaims) => {
  if (!isAdmin(user)) {
    throw AppError.forbidden("Only an administrator can change the letter drafter's settings.");
  }
};

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
        onlyAdmins(request.user!);
        return saveSettings(db, request.body);
      },
    );

    api.get("/settings/logo", { schema: { response: { 200: currentLogoSchema } } }, async () => {
      const logo = await readLogo(db);
      return { logo: logo && { format: logo.format, width: logo.width, height: logo.height } };
    });

    api.post(
      "/settings/logo",
      {
        schema: {
          description:
            "Sets the letterhead's logo, a PNG or JPEG picture (multipart field `file`), in place of any before.",
          response: { 200: currentLogoSchema, ...failures, 403: failures[404], 413: failures[400] },
        },
      },
      async (request) => {
        onlyAdmins(request.user!);
        const { bytes, name } = await uploadedFile(await request.file(), "the logo's picture");
        return { logo: await saveLogo(db, bytes, name) };
      },
    );

    api.delete(
      "/settings/logo",
      { schema: { response: { 200: currentLogoSchema, ...failures, 403: failures[404] } } },
      async (request) => {
        onlyAdmins(request.user!);
        await removeLogo(db);
        return { logo: null };
      },
    );
  };
}
