import type { WebPage } from "@bernard/toolkit";
import { accessGuards, viewerOf } from "@bernard/toolkit/sharing";
import { canSee, isId, type Target } from "../services/access.js";
import type { ToolDatabase } from "../services/database.js";

/**
 * The guards each route names for itself, `preValidation: canSee("question")`: the person must
 * be able to see the consultation the `:id` belongs to, or the answer is "not found". Lists
 * filter by the same rule (services/access.ts).
 */
export const consultationGuards = (db: ToolDatabase) =>
  accessGuards<Target>({ isId, canSee: (viewer, target, id) => canSee(db, viewer, target, id) });

/**
 * A page of the UI about one thing (`/c/:id`…): like the API, it answers 404 when the thing
 * does not exist or is in a consultation the person may not see, so the page says "Page not found".
 */
export function pageAbout(db: ToolDatabase, path: string, target: Target): WebPage {
  return {
    path,
    exists: async (request) => {
      const id = request.params.id;
      if (!request.user || !id || !isId(id)) return false;
      return canSee(db, viewerOf(request.user), target, id);
    },
  };
}
