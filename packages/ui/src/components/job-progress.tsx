import { isUnfinished, jobSnapshotSchema, type JobSnapshot } from "@bernard/toolkit/contract";
import { useEffect, useState } from "react";

/** The part of a toolkit job snapshot that the progress bar shows. */
export type JobStatus = Pick<JobSnapshot, "id" | "state" | "progress" | "error" | "attempt">;

// The rule is the toolkit's, shared with the job runner.
export { isUnfinished };

/**
 * Follows a job's Server-Sent Events stream (`<api>/jobs/<id>/events`) and returns its latest
 * status; the browser reconnects by itself if the connection drops, and the stream replays the
 * current state on connect.
 */
export function useJobProgress(eventsUrl: string | undefined): JobSnapshot | undefined {
  const [status, setStatus] = useState<JobSnapshot>();
  useEffect(() => {
    if (!eventsUrl) return;
    const source = new EventSource(eventsUrl);
    source.addEventListener("progress", (event) => {
      const next = jobSnapshotSchema.parse(JSON.parse((event as MessageEvent<string>).data));
      setStatus(next);
      if (!isUnfinished(next)) source.close();
    });
    return () => source.close();
  }, [eventsUrl]);
  return status;
}

const STATE_TEXT: Record<JobStatus["state"], string> = {
  queued: "Waiting to start",
  running: "In progress",
  retrying: "Trying again after a problem",
  completed: "Finished",
  failed: "Failed",
  cancelled: "Cancelled",
};

/** A labelled progress bar with the stage and counts, announced politely to screen readers. */
export function JobProgressBar({
  status,
  label = "Progress",
}: {
  status: JobStatus | undefined;
  label?: string;
}) {
  if (!status) {
    return (
      <p className="govuk-body" role="status">
        Connecting to the job…
      </p>
    );
  }
  const { stage, done, total, message } = status.progress;
  const percent =
    total > 0
      ? Math.min(100, Math.round((done / total) * 100))
      : status.state === "completed"
        ? 100
        : 0;
  return (
    <div className="bernard-progress">
      <h2 className="govuk-heading-s" id={`progress-${status.id}`}>
        {label}: {STATE_TEXT[status.state]}
      </h2>
      <div
        className="bernard-progress__track"
        role="progressbar"
        aria-labelledby={`progress-${status.id}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${stage}: ${done} of ${total}`}
      >
        <div className="bernard-progress__bar" style={{ width: `${percent}%` }} />
      </div>
      <p className="govuk-body govuk-!-margin-top-2" role="status" aria-live="polite">
        {stage}: {done.toLocaleString("en-GB")} of {total.toLocaleString("en-GB")} ({percent}%)
        {message ? ` — ${message}` : ""}
      </p>
      {status.error && status.state !== "completed" && (
        <p className="govuk-error-message">{status.error}</p>
      )}
    </div>
  );
}
