import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { JobPanel, type JobStatus } from "../src/index.js";

const STAGES = ["Reading responses", "Finding themes", "Writing up"];
const job = (overrides: Partial<JobStatus>): JobStatus => ({
  id: "job-1",
  state: "running",
  progress: { stage: "Finding themes", done: 40, total: 160 },
  error: null,
  attempt: 1,
  ...overrides,
});

describe("<JobPanel>", () => {
  it("shows the stage, the counts, where the job is among its stages, and a stop button while it runs", () => {
    const html = renderToStaticMarkup(
      <JobPanel title="Finding themes" status={job({})} stages={STAGES} onStop={() => {}} />,
    );
    expect(html).toContain('role="progressbar"');
    expect(html).toContain('aria-valuenow="25"');
    expect(html).toContain("Finding themes: 40 of 160 (25%)");
    expect(html).toMatch(/Reading responses <strong class="govuk-tag govuk-tag--green">Done/);
    expect(html).toMatch(/Finding themes <strong class="govuk-tag govuk-tag--blue">In progress/);
    expect(html).toMatch(/Writing up <strong class="govuk-tag govuk-tag--grey">Not started/);
    expect(html).toMatch(/<button[^>]*govuk-button--warning[^>]*>Stop finding themes<\/button>/);
  });

  it("says a stop is on its way, and offers no stop once the job has finished", () => {
    const stopping = renderToStaticMarkup(
      <JobPanel title="Import" status={job({})} onStop={() => {}} stopping />,
    );
    expect(stopping).toMatch(/<button[^>]*disabled=""[^>]*>Stopping…<\/button>/);
    const done = renderToStaticMarkup(
      <JobPanel
        title="Import"
        status={job({ state: "completed" })}
        stages={STAGES}
        onStop={() => {}}
      />,
    );
    expect(done).not.toContain("<button");
    expect(done.match(/Done/g)).toHaveLength(3);
  });

  it("says what went wrong, once, and what happens next", () => {
    const retrying = renderToStaticMarkup(
      <JobPanel title="Import" status={job({ state: "retrying", error: "The model timed out" })} />,
    );
    expect(retrying).toContain("What went wrong");
    expect(retrying.match(/The model timed out/g)).toHaveLength(1);
    expect(retrying).toContain("It will be tried again by itself");

    const failed = renderToStaticMarkup(
      <JobPanel
        title="Import"
        status={job({ state: "failed", error: "Row 7 is not valid UTF-8" })}
        stages={STAGES}
      />,
    );
    expect(failed).toContain('role="alert"');
    expect(failed.match(/Row 7 is not valid UTF-8/g)).toHaveLength(1);
    expect(failed).toMatch(/Finding themes <strong class="govuk-tag govuk-tag--red">Stopped here/);
    // A problem found at once (a bad file) is not said to have been tried again; a retried one is.
    expect(failed).not.toContain("tried more than once");
    expect(failed).toContain("Start it again when the problem is fixed.");
    const retried = renderToStaticMarkup(
      <JobPanel title="Import" status={job({ state: "failed", error: "Timed out", attempt: 3 })} />,
    );
    expect(retried).toContain("It was tried more than once. Start it again");

    const cancelled = renderToStaticMarkup(
      <JobPanel title="Import" status={job({ state: "cancelled" })} />,
    );
    expect(cancelled).toContain("This was stopped");
  });
});
