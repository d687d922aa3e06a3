import { settingsSchema, type Settings } from "@bernard/letters-contract";
import type { UserClaims } from "@bernard/toolkit";
import { isAdmin } from "@bernard/toolkit/sharing";
import { DEFAULT_WORKING_DAYS } from "../intake/deadline.js";
import type { ToolDatabase } from "./database.js";

/** Until an administrator sets them: a plain letterhead, admins approve, 20 working days. */
export const DEFAULT_SETTINGS: Settings = {
  letterhead: {
    department: "Department for Letters",
    address: ["2 Marsham Street", "London", "SW1P 4DF"],
    signatureName: "Correspondence Unit",
    signatureRole: "Ministerial Correspondence Unit",
  },
  approverGroups: [],
  workingDays: DEFAULT_WORKING_DAYS,
};

const KEY = "settings";

export async function readSettings(db: ToolDatabase): Promise<Settings> {
  const row = await db.setting.findUnique({ where: { key: KEY } });
  const stored = settingsSchema.safeParse(row?.value);
  return stored.success ? stored.data : DEFAULT_SETTINGS;
}

export async function saveSettings(db: ToolDatabase, settings: Settings): Promise<Settings> {
  await db.setting.upsert({
    where: { key: KEY },
    create: { key: KEY, value: settings },
    update: { value: settings },
  });
  return settings;
}

/** The portal has no approver role: approvers are admins and the members of the groups settings name. */
export const isApprover = (user: UserClaims, settings: Settings): boolean =>
  isAdmin(user) || user.groups.some((group) => settings.approverGroups.includes(group));
