import { AppError, type ToolRoutes, type WebPage } from "@bernard/toolkit";
import { assertCanSee, canSee, isId, type Target } from "../services/access.js";
import type { ToolDatabase } from "../services/database.js";

const TARGETS: Record<string, Target> = {
  consultations: "consultation",
  questions: "question",
  themes: "theme",
  responses: "response",
  uploads: "upload",
};

/**
 * Every route shaped `/<things>/:id…` checks, before anything else, that the person may see
 * the consultation the `:id` belongs to; routes added later are covered without a line of
 * their own. Lists filter by the same rule (services/access.ts).
 */
export function registerConsultationAccess(
  server: Parameters<ToolRoutes>[0],
  db: ToolDatabase,
): void {
  // Before validation, so a person outside the consultation learns nothing, not even what a
  // well-formed request would be; a malformed ID is left for validation to refuse.
  server.addHook("preValidation", async (request) => {
    const match = /\/(\w+)\/:id(?:\/|\.|$)/.exec(request.routeOptions.url ?? "");
    const target = match ? TARGETS[match[1]!] : undefined;
    const id = (request.params as { id?: string }).id;
    if (!target || !id || !isId(id)) return;
    // Authentication runs first on every route; no user here means a route that skipped it.
    if (!request.user) {
      throw new AppError(401, "UNAUTHENTICATED", "Sign in through the Bernard portal to continue.");
    }
    await assertCanSee(db, { id: request.user.sub, groups: request.user.groups }, target, id);
  });
}

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
      return canSee(db, { id: request.user.sub, groups: request.user.groups }, target, id);
    },
  };
}
