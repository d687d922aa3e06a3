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
/** The daily retention job. */
export const RETENTION_JOB: Person = { id: "retention", name: "Retention (daily purge)" };
