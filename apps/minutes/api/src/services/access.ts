import { PAGES, type Page } from "@bernard/minutes-contract";
import type { JobAccessRule, WebPage } from "@bernard/toolkit";
import {
  accessGuards,
  isUuid,
  viewerOf,
  visibleWhere,
  type Viewer,
} from "@bernard/toolkit/sharing";
import type { ToolDatabase } from "./database.js";
import { canSeeTemplate } from "./templates.js";

export type { Viewer };

/** Whether the meeting exists and the person may see it (owner, a group it is shared with, or everyone). */
export async function canSeeMeeting(
  db: ToolDatabase,
  viewer: Viewer,
  id: string,
): Promise<boolean> {
  return isUuid(id) && (await db.meeting.count({ where: { id, ...visibleWhere(viewer) } })) > 0;
}

/**
 * The guard each route names for itself, `preValidation: canSee("meeting")`: the person must be
 * able to see the meeting, or the answer is "not found". Lists filter by the same rule.
 */
export const meetingGuards = (db: ToolDatabase) =>
  accessGuards<"meeting">({ canSee: (viewer, _kind, id) => canSeeMeeting(db, viewer, id) });

/** Built-in templates have names for IDs ("formal"), added ones UUIDs. */
const TEMPLATE_ID = /^[a-z0-9][a-z0-9-]{0,59}$/;

/** `preValidation: canSee("template")`: a template the person may choose, or "not found". */
export const templateGuards = (db: ToolDatabase) =>
  accessGuards<"template">({
    isId: (id) => TEMPLATE_ID.test(id),
    canSee: (viewer, _kind, id) => canSeeTemplate(db, id, viewer),
  });

/** Who may follow and cancel a draft: whoever may see its meeting, not only who started it. */
export function canFollowJob(db: ToolDatabase): JobAccessRule {
  return async (user, { subject }) =>
    subject?.kind === "meeting" && canSeeMeeting(db, viewerOf(user), subject.id);
}

/** A page about one meeting (`/m/$id`…): 404 when it does not exist or is not theirs to see. */
function pageAbout(db: ToolDatabase, path: string): WebPage {
  return {
    path,
    exists: async (request) => {
      const id = request.params.id;
      return !!request.user && !!id && canSeeMeeting(db, viewerOf(request.user), id);
    },
  };
}

/**
 * Each of the summariser's pages (the contract's `PAGES`); a page about a meeting or template the
 * person may not see answers 404, as does any other page.
 */
export function summariserPages(db: ToolDatabase): Record<Page, WebPage> {
  return {
    meetings: PAGES.meetings,
    newMeeting: PAGES.newMeeting,
    meeting: pageAbout(db, PAGES.meeting),
    meetingDetails: pageAbout(db, PAGES.meetingDetails),
    minutes: pageAbout(db, PAGES.minutes),
    actions: PAGES.actions,
    settings: PAGES.settings,
    templates: PAGES.templates,
    newTemplate: PAGES.newTemplate,
    template: {
      path: PAGES.template,
      exists: async (request) =>
        !!request.user && canSeeTemplate(db, request.params.id ?? "", { id: request.user.sub }),
    },
  };
}
