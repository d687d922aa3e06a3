import { Button, JobProgressBar, Table, Tag, errorMessage, useJobProgress } from "@bernard/ui";
import { useCallback, useEffect, useState } from "react";
import { jobEvents, listThemes, startAnalysis, type ThemeSummary } from "./api.js";

const STANCE = {
  support: { text: "Support", colour: "green" },
  oppose: { text: "Oppose", colour: "red" },
  neutral: { text: "Neutral", colour: "grey" },
} as const;

/** A question's themes by count, with the stance split and responses that show each. */
export function ThemesPage({ questionId, csrfToken }: { questionId: string; csrfToken: string }) {
  const [themes, setThemes] = useState<ThemeSummary[]>();
  const [problem, setProblem] = useState<string>();
  const [jobId, setJobId] = useState<string>();
  const status = useJobProgress(jobId ? jobEvents(jobId) : undefined);
  const load = useCallback(() => {
    listThemes(questionId).then(setThemes, (error: unknown) => setProblem(errorMessage(error)));
  }, [questionId]);
  useEffect(load, [load]);
  useEffect(() => {
    if (status?.state === "completed") load();
  }, [status?.state, load]);

  const analyse = async () => {
    try {
      setJobId((await startAnalysis(csrfToken, questionId)).id);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  return (
    <>
      <h1 className="govuk-heading-l">Themes</h1>
      {problem && <p className="govuk-body">{problem}</p>}
      <p className="govuk-body">
        The offline engine finds themes without an AI model: responses that use similar words are
        grouped, supporters and opponents apart, and every response is mapped to the themes it is
        most like. Check them before relying on them.
      </p>
      {jobId && status?.state !== "completed" ? (
        <JobProgressBar status={status} label="Analysing the responses" />
      ) : (
        <Button
          variant={themes?.length ? "secondary" : "primary"}
          onClick={() => void analyse()}
          preventDoubleClick
        >
          {themes?.length ? "Analyse again" : "Find themes"}
        </Button>
      )}
      {themes && themes.length > 0 && (
        <Table
          caption="Themes, most responses first"
          rows={themes}
          rowKey={(theme) => theme.id}
          columns={[
            {
              header: "Theme",
              cell: (theme) => (
                <>
                  <strong>{theme.label}</strong>
                  <p className="govuk-body-s govuk-!-margin-bottom-1">{theme.description}</p>
                  {theme.representatives.slice(0, 1).map((response) => (
                    <blockquote
                      key={response.id}
                      className="govuk-inset-text govuk-!-margin-top-1 govuk-!-margin-bottom-0"
                    >
                      {response.text}
                    </blockquote>
                  ))}
                </>
              ),
            },
            {
              header: "Stance",
              cell: (theme) => (
                <Tag colour={STANCE[theme.stance as keyof typeof STANCE]?.colour ?? "grey"}>
                  {STANCE[theme.stance as keyof typeof STANCE]?.text ?? theme.stance}
                </Tag>
              ),
            },
            {
              header: "Responses",
              cell: (theme) => `${theme.count} (${theme.percent}%)`,
              numeric: true,
            },
            {
              header: "Support / oppose / neutral",
              cell: (theme) =>
                `${theme.stances.support} / ${theme.stances.oppose} / ${theme.stances.neutral}`,
              numeric: true,
            },
          ]}
        />
      )}
    </>
  );
}
