import { subjectJobSchema, type JobSnapshot, type JobSubject } from "@bernard/toolkit/contract";
import { useQuery, useQueryClient, type UseQueryResult } from "@tanstack/react-query";
import { useEffect } from "react";
import type { ApiClient } from "../api.js";
import { isUnfinished, useJobProgress } from "../components/job-progress.js";

/** The query key of a subject's job, to invalidate after starting or stopping one. */
export const subjectJobKey = (subject: JobSubject, name?: string) => [
  "jobs",
  subject.kind,
  subject.id,
  // Without a name, the key covers every job of the subject.
  ...(name ? [name] : []),
];

/**
 * A subject's current job (or its latest), found through the toolkit's `GET <api>/jobs`, so a
 * page shows the progress of work started before a reload, or by a colleague; followed live
 * while it is unfinished. `job` is null when the subject never had one. Once it completes, the
 * queries under `refreshOnFinish` (what the job changed) are fetched again.
 */
export function useSubjectJob(
  api: ApiClient,
  subject: JobSubject,
  name?: string,
  { refreshOnFinish }: { refreshOnFinish?: readonly unknown[] } = {},
): { query: UseQueryResult<JobSnapshot | null>; job: JobSnapshot | null | undefined } {
  const client = useQueryClient();
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
  const finished = job?.state === "completed" ? job.id : undefined;
  // By its contents: a caller's key is a new array on every render.
  const refreshKey = refreshOnFinish && JSON.stringify(refreshOnFinish);
  useEffect(() => {
    if (finished && refreshKey)
      void client.invalidateQueries({ queryKey: JSON.parse(refreshKey) as unknown[] });
  }, [finished, client, refreshKey]);
  return { query, job };
}
