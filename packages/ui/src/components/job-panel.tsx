import { Button } from "./forms.js";
import { isUnfinished, JobProgressBar, type JobStatus } from "./job-progress.js";

export interface JobPanelProps {
  /** What the job does, as the page calls it ("Finding themes"). */
  title: string;
  status: JobStatus | undefined;
  /** The job's stages in order, as its `progress()` names them; shown as a list with where it is. */
  stages?: readonly string[];
  /** Shown while the job is unfinished; asks the API to cancel it. */
  onStop?: () => void;
  /** True while a stop request is on its way, so it is not sent twice. */
  stopping?: boolean;
}

/**
 * Everything a page shows about a background job: its progress bar and counts, its stages,
 * a stop button while it runs, and what went wrong when it is retrying or has failed.
 */
export function JobPanel({ title, status, stages, onStop, stopping = false }: JobPanelProps) {
  const unfinished = !!status && isUnfinished(status);
  return (
    <section className="bernard-job-panel govuk-!-margin-bottom-6" aria-label={title}>
      {/* The panel says what went wrong itself, with what happens next. */}
      <JobProgressBar status={status && { ...status, error: null }} label={title} />
      {stages && status && <StageList stages={stages} status={status} />}
      {status?.error && status.state === "retrying" && (
        <div className="govuk-inset-text">
          <h3 className="govuk-heading-s">What went wrong</h3>
          <p className="govuk-body">{status.error}</p>
          <p className="govuk-body">
            It will be tried again by itself; you need not start it again.
          </p>
        </div>
      )}
      {status?.state === "failed" && (
        <div className="govuk-error-summary" role="alert" tabIndex={-1}>
          <h3 className="govuk-error-summary__title">What went wrong</h3>
          <div className="govuk-error-summary__body">
            <p className="govuk-body">{status.error ?? "The job stopped without saying why."}</p>
            <p className="govuk-body">
              {status.attempt > 1 ? "It was tried more than once. " : ""}Start it again when the
              problem is fixed.
            </p>
          </div>
        </div>
      )}
      {status?.state === "cancelled" && (
        <p className="govuk-body">This was stopped. Nothing it finished before stopping is lost.</p>
      )}
      {unfinished && onStop && (
        <Button variant="warning" onClick={onStop} disabled={stopping} aria-disabled={stopping}>
          {stopping ? "Stopping…" : `Stop ${title.toLowerCase()}`}
        </Button>
      )}
    </section>
  );
}

function StageList({ stages, status }: { stages: readonly string[]; status: JobStatus }) {
  const current = stages.indexOf(status.progress.stage);
  const stateOf = (index: number): { text: string; tag: string } => {
    if (status.state === "completed" || index < current)
      return { text: "Done", tag: "govuk-tag--green" };
    if (index === current && isUnfinished(status))
      return { text: "In progress", tag: "govuk-tag--blue" };
    if (index === current) return { text: "Stopped here", tag: "govuk-tag--red" };
    return { text: "Not started", tag: "govuk-tag--grey" };
  };
  return (
    <ol className="govuk-list govuk-list--number">
      {stages.map((stage, index) => {
        const { text, tag } = stateOf(index);
        return (
          <li key={stage}>
            {stage} <strong className={`govuk-tag ${tag}`}>{text}</strong>
          </li>
        );
      })}
    </ol>
  );
}
