import { PAGES, type Page } from "@bernard/consult-contract";
import type { WebPage } from "@bernard/toolkit";
import { accessGuards, isUuid, viewerOf } from "@bernard/toolkit/sharing";
import { canSee, type Target } from "../services/access.js";
import type { ToolDatabase } from "../services/database.js";

/**
 * The guards each route names for itself, `preValidation: canSee("question")`: the person must
 * be able to see the consultation the `:id` belongs to, or the answer is "not found". Lists
 * filter by the same rule (services/access.ts).
 */
export const consultationGuards = (db: ToolDatabase) =>
  accessGuards<Target>({ canSee: (viewer, target, id) => canSee(db, viewer, target, id) });

/**
 * A page of the UI about one thing (`/c/$id`…): like the API, it answers 404 when the thing
 * does not exist or is in a consultation the person may not see, so the page says "Page not found".
 */
function pageAbout(db: ToolDatabase, path: string, target: Target): WebPage {
  return {
    path,
    exists: async (request) => {
      const id = request.params.id;
      if (!request.user || !id || !isUuid(id)) return false;
      return canSee(db, viewerOf(request.user), target, id);
    },
  };
}

/**
 * Each of the sorter's pages (the contract's `PAGES`); a page about something that does not exist,
 * or that the person may not see, answers 404, as does any other page.
 */
export function sorterPages(db: ToolDatabase): Record<Page, WebPage> {
  const about = (page: Page, target: Target) => pageAbout(db, PAGES[page], target);
  return {
    consultations: PAGES.consultations,
    newConsultation: PAGES.newConsultation,
    consultation: about("consultation", "consultation"),
    importing: about("importing", "consultation"),
    themes: about("themes", "question"),
    signOff: about("signOff", "question"),
    reanalyse: about("reanalyse", "question"),
    merge: about("merge", "question"),
    deletion: about("deletion", "question"),
    responses: about("responses", "question"),
    dashboard: about("dashboard", "question"),
    response: about("response", "response"),
  };
}
