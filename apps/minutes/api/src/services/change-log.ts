import { defineChangeLog, type ChangeAuthor } from "@bernard/toolkit/change-log";

/** Every kind of change the summariser records, in a meeting's change log. */
export const changeLog = defineChangeLog([
  "meeting.created",
  "meeting.updated",
  "meeting.shared",
  "meeting.purged",
  "transcript.uploaded",
  "transcript.purged",
  "speakers.renamed",
  "minutes.drafted",
  "minutes.edited",
  "minutes.ai-edited",
  "minutes.restored",
  "minutes.circulated",
  "minutes.agreed",
  "minutes.reopened",
  "minutes.exported",
  "comment.added",
  "retention.changed",
  "template.added",
  "template.changed",
  "template.deleted",
]);
export type ChangeAction = (typeof changeLog.actions)[number];

/** Someone signed in, as the portal's token names them. */
export interface Person {
  id: string;
  name: string;
}

export const byPerson = ({ id, name }: Person): ChangeAuthor => ({ kind: "person", id, name });
/** The offline engine, as the author of what it drafted. */
export const OFFLINE_ENGINE: ChangeAuthor = {
  kind: "ai",
  id: "offline-engine",
  name: "Offline engine",
};
/** The portal's AI model, as the author of what it drafted. */
export const modelEngine = (model: string): ChangeAuthor => ({
  kind: "ai",
  id: `model:${model}`,
  name: `AI model (${model})`,
});
/** The daily retention job. */
export const RETENTION_JOB: Person = { id: "retention", name: "Retention (daily purge)" };
