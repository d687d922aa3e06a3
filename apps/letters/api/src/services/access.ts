import { PAGES, type Page } from "@bernard/letters-contract";
import type { JobAccessRule, WebPage } from "@bernard/toolkit";
import { accessGuards, canSee, isUuid, viewerOf, type Viewer } from "@bernard/toolkit/sharing";
import type { ToolDatabase } from "./database.js";

/** Whether the person may see the case: they logged it, it is shared with a team of theirs, or with everyone. */
async function mayOpenCase(db: ToolDatabase, viewer: Viewer, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const found = await db.case.findUnique({
    where: { id },
    select: { ownerId: true, openToEveryone: true, sharedWith: true },
  });
  return !!found && canSee(viewer, found);
}

/** `preValidation: canSee("case")` on each route about one case: anyone else is told "not found". */
export const caseGuards = (db: ToolDatabase) =>
  accessGuards<"case">({
    canSee: (viewer, _kind, id) => mayOpenCase(db, viewer, id),
  });

/**
 * A page about one case (`/c/$id`…): 404 when it does not exist or is not the person's to see,
 * and, for one version of its reply (`$number`), when the reply has no such version.
 */
const casePage = (db: ToolDatabase, path: string): WebPage => ({
  path,
  exists: async ({ params, user }) =>
    !!user &&
    !!params.id &&
    (await mayOpenCase(db, viewerOf(user), params.id)) &&
    (params.number === undefined || (await hasVersion(db, params.id, params.number))),
});

async function hasVersion(db: ToolDatabase, caseId: string, number: string): Promise<boolean> {
  if (!/^[1-9]\d{0,8}$/.test(number)) return false;
  const found = await db.draftVersion.findUnique({
    where: { caseId_number: { caseId, number: Number(number) } },
    select: { id: true },
  });
  return !!found;
}

/**
 * Each of the drafter's pages (the contract's `PAGES`); a page about a case the person may not
 * see answers 404, as does any other page.
 */
export function drafterPages(db: ToolDatabase): Record<Page, WebPage> {
  return {
    cases: PAGES.cases,
    newCase: PAGES.newCase,
    lines: PAGES.lines,
    settings: PAGES.settings,
    oneCase: casePage(db, PAGES.oneCase),
    editCase: casePage(db, PAGES.editCase),
    oneVersion: casePage(db, PAGES.oneVersion),
  };
}

/** Who may follow or stop a job about a case (its draft): whoever may see the case. */
export function canFollowCaseJob(db: ToolDatabase): JobAccessRule {
  return async (user, { subject }) =>
    subject?.kind === "case" && mayOpenCase(db, viewerOf(user), subject.id);
}
