import type { Engine, QuestionDetails } from "@bernard/consult-contract";
import { EngineChoice, Tag, errorMessage, useQuery } from "@bernard/ui";
import { Link } from "@tanstack/react-router";
import { queries } from "./api.js";
import { engineName } from "./engine-name.js";

const number = new Intl.NumberFormat("en-GB");

/** Choose the engine, with what each is likely to take, then start. */
export function AnalyseForm({
  questionId,
  analysed,
  onStart,
}: {
  questionId: string;
  analysed: boolean;
  onStart: (engine: Engine) => void;
}) {
  const { data: estimate, error } = useQuery(queries.estimate(questionId));
  if (error) return <p className="govuk-body">{errorMessage(error)}</p>;
  return (
    <EngineChoice
      estimate={estimate}
      working="Working out what the analysis will take…"
      legend="How should the themes be found?"
      offline={`No AI model: groups the ${number.format(estimate?.responses ?? 0)} responses by the words they use, supporters and opponents apart.`}
      model="Reads every response: themes, mapping with reasons, summaries and quotes."
      action={analysed ? "Analyse again" : "Find themes"}
      variant={analysed ? "secondary" : "primary"}
      onRun={onStart}
    />
  );
}

/** What the last analysis said about itself: engine, what it could not map, and how stable it was. */
export function AnalysisReport({ question }: { question: QuestionDetails }) {
  const report = question.analysisReport;
  if (!report) return null;
  const stability = report.stability;
  return (
    <div className="govuk-inset-text">
      <p className="govuk-body">
        Found by the {engineName(report.engine)}.
        {question.finalMappedAt &&
          " The signed-off themes have been applied to every response that had no theme; every other response kept its themes."}
      </p>
      {stability && (
        <p className="govuk-body">
          Compared with the analysis before: {stability.kept} of {stability.themes} themes are the
          same, {stability.added} new, {stability.removed} gone.
        </p>
      )}
      {question.unprocessed > 0 && (
        <p className="govuk-body">
          <Tag colour="orange">Needs a person</Tag>{" "}
          <Link
            className="govuk-link"
            to="/q/$id/responses"
            params={{ id: question.id }}
            search={{ unprocessed: "yes" }}
          >
            {question.unprocessed} {question.unprocessed === 1 ? "response" : "responses"} could not
            be mapped
          </Link>
          . Choose their themes by hand.
        </p>
      )}
    </div>
  );
}

/**
 * How far reviewers agree with the engine's original mapping (refreshed with the question's
 * data): the count of changes in words, the F1 with its interval once enough are reviewed.
 */
export function EvaluationPanel({
  questionId,
  engine,
}: {
  questionId: string;
  engine: string | null | undefined;
}) {
  const { data: evaluation } = useQuery(queries.evaluation(questionId));
  if (!evaluation) return null;
  const { reviewed, changed, f1, reviewsForInterval } = evaluation;
  const whose = `the ${engineName(engine)}'s`;
  const responses = (count: number) => `${count} ${count === 1 ? "response" : "responses"}`;
  return (
    <>
      <h2 className="govuk-heading-m">Agreement with reviewers</h2>
      {f1 ? (
        <div data-testid="evaluation">
          <p className="govuk-body">
            Of {responses(reviewed)} reviewed, reviewers changed {whose} themes on{" "}
            {changed === 0 ? "none" : changed}.
          </p>
          <p className="govuk-body">
            Agreement: <strong>{f1.value.toFixed(2)}</strong> out of 1 (sample-averaged F1: 1 means
            reviewers left every response&apos;s themes as they were).{" "}
            {f1.low === null || f1.high === null
              ? `There are too few reviewed responses for a 95% interval: it needs ${responses(reviewsForInterval)}, so review ${reviewsForInterval - reviewed} more.`
              : `95% interval: ${f1.low.toFixed(2)} to ${f1.high.toFixed(2)}.`}
          </p>
        </div>
      ) : (
        <p className="govuk-body">
          No responses reviewed yet. Review some to see how far you agree with {whose} mapping.
        </p>
      )}
    </>
  );
}
