import type { UserClaims } from "@bernard/toolkit";
import { defineChangeLog, type ChangeAuthor } from "@bernard/toolkit/change-log";
import type { Viewer } from "@bernard/toolkit/sharing";

/** Every kind of change a case's log records; recording any other is a type error. */
export const changeLog = defineChangeLog([
  "case.logged",
  "case.updated",
  "case.shared",
  "case.assigned",
  "case.transferred",
  "case.no-reply",
  "draft.drafted",
  "draft.edited",
  "draft.line-used",
  "draft.sent-for-quality-check",
  "draft.sent-for-approval",
  "draft.returned",
  "draft.approved",
  "letter.sent",
  "letter.exported",
  "campaign.answered",
  "campaign.left",
]);
export type ChangeAction = (typeof changeLog.actions)[number];

/** The signed-in person: the author of a change, and the viewer the sharing rule checks. */
export type Caller = Extract<ChangeAuthor, { kind: "person" }> & Viewer;

export const callerOf = (request: { user: UserClaims | null }): Caller => ({
  kind: "person",
  id: request.user!.sub,
  name: request.user!.name,
  groups: request.user!.groups,
});
