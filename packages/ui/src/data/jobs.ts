import { subjectJobSchema, type JobSnapshot, type JobSubject } from "@bernard/toolkit/contract";
import { useQuery, type UseQueryResult } from "@tanstack/react-query";
import type { ApiClient } from "../api.js";
import { isUnfinished, useJobProgress } from "../components/job-progress.js";

/** The query key of a subject's job, to invalidate after starting or stopping one. */
export const subjectJobKey = (subject: JobSubject, name?: string) =>
  ["jobs", subject.kind, subject.id, name ?? null] as const;

/**
 * A subject's current job (or its latest), found through the toolkit's `GET <api>/jobs`, so a
 * page shows the progress of work started before a reload, or by a colleague; followed live
 * while it is unfinished. `job` is null when the subject never had one.
 */
export function useSubjectJob(
  api: ApiClient,
  subject: JobSubject,
  name?: string,
): { query: UseQueryResult<JobSnapshot | null>; job: JobSnapshot | null | undefined } {
  const query = useQuery({
    queryKey: subjectJobKey(subject, name),
    queryFn: async ({ signal }) => {
      const search = new URLSearchParams({ subjectKind: subject.kind, subjectId: subject.id });
      if (name) search.set("name", name);
      return (await api.get(`/jobs?${search}`, subjectJobSchema, { signal })).job;
    },
  });
  const found = query.data;
  const following = found && isUnfinished(found) ? found : undefined;
  const live = useJobProgress(following && `${api.baseUrl}/jobs/${following.id}/events`);
  // The stream's latest word on the job this query found; older streams are ignored.
  const job = live && found && live.id === found.id ? live : found;
  return { query, job };
}
