import { readFile } from "node:fs/promises";
import path from "node:path";
import type { UserClaims } from "@bernard/auth";
import type { ModelAccess } from "@bernard/llm";
import type { ExportEntry } from "@bernard/toolkit";
import { startTestTool, type PersonClient } from "@bernard/toolkit/testing";
import { manifest } from "../src/manifest.js";
import { buildServer } from "../src/server.js";

/** Someone signed in to the portal, as its user token names them. */
const person = (
  name: string,
  groups: string[],
  roles: UserClaims["roles"] = ["user"],
): UserClaims => ({
  sub: `user-${name.split(" ")[0]!.toLowerCase()}`,
  name,
  email: `${name.split(" ")[0]!.toLowerCase()}@example.gov.uk`,
  roles,
  groups,
});

/** A drafter in the correspondence team. */
export const drafter = person("Dana Drafter", ["Correspondence"]);
/** A colleague in the same team, and in the group the settings name as approvers. */
export const approver = person("Priya Approver", ["Correspondence", "Letter approvers"]);
/** Someone in another team. */
export const outsider = person("Olly Outsider", ["Other team"]);
export const admin = person("Ada Admin", ["Other team"], ["admin"]);

export const fixture = (name: string) =>
  readFile(path.resolve(import.meta.dirname, "fixtures", name));

/**
 * The drafter's server on a free port with its own database; the tests play the portal (and,
 * given `models`, its model).
 */
export async function startLetters({
  models,
  webRoot,
}: {
  models?: ModelAccess;
  /** The built pages, for tests that open them. */
  webRoot?: string;
} = {}) {
  const audited: ExportEntry[] = [];
  const { server, as, openPageAs } = await startTestTool(
    { id: manifest.id, schema: "letters" },
    (settings) =>
      buildServer({
        ...settings,
        portalAudit: { recordExport: async (_token, entry) => void audited.push(entry) },
        models,
        ...(webRoot ? { webRoot } : {}),
      }),
  );

  /** Uploads one of the test fixtures, as a form does. */
  const upload = async (
    person: PersonClient,
    route: string,
    name: string,
    fields: Record<string, string> = {},
  ) => person.upload(route, { name, content: await fixture(name) }, fields);

  /**
   * The MP's email read at intake and logged as a case for the correspondence team; on its own
   * unless asked (every test logs the same letter, which would otherwise make one campaign).
   */
  const loggedCase = async (person: UserClaims = drafter, { joinCampaign = false } = {}) => {
    const intake = await (await upload(as(person), "/intake/file", "mp-letter.eml")).json();
    const created = await as(person).post("/cases", {
      ...intake.fields,
      letterText: intake.letterText,
      channel: intake.channel,
      receivedOn: "2026-03-04",
      topic: "Passports",
      team: "Correspondence",
      replyType: "policy",
      joinCampaign,
    });
    return created.json();
  };

  return { server, as, upload, audited, loggedCase, openPageAs };
}
