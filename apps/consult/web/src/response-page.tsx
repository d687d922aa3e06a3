import {
  Button,
  Checkboxes,
  ErrorSummary,
  NotificationBanner,
  SummaryList,
  Tag,
  errorMessage,
  useNotFound,
  usePageTitle,
} from "@bernard/ui";
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import {
  BASE,
  fetchResponse,
  markResponse,
  setResponseThemes,
  type ResponseDetails,
} from "./api.js";
import { stanceOf } from "./stance.js";
import { useAction } from "./use-action.js";

/** One response: what the person said and about themselves, its themes and why; change, flag, review. */
export function ResponsePage({ responseId, csrfToken }: { responseId: string; csrfToken: string }) {
  const { problem, setProblem, done, act: actThenReload } = useAction();
  const [response, setResponse] = useState<ResponseDetails>();
  const [chosen, setChosen] = useState<string[]>([]);
  // Themes ticked but not saved yet: a reload after another action (a flag) must not untick them.
  const unsaved = useRef(false);

  const notFound = useNotFound();
  usePageTitle(response ? `Response from ${response.respondent}` : "Response");
  const load = useCallback(() => {
    fetchResponse(responseId).then(
      (found) => {
        setResponse(found);
        if (!unsaved.current) setChosen(found.themes.map((theme) => theme.id));
      },
      (error: unknown) => {
        if (!notFound(error)) setProblem(errorMessage(error));
      },
    );
  }, [responseId, setProblem, notFound]);
  useEffect(load, [load]);
  const act = (work: () => Promise<unknown>, message: string) => actThenReload(work, message, load);

  const saveThemes = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      await setResponseThemes(csrfToken, responseId, chosen);
      unsaved.current = false;
    }, "The response's themes are saved, and it is marked reviewed.");
  };

  if (!response)
    return <ErrorSummary errors={problem ? [{ href: "#themes", text: problem }] : []} />;
  const stance = stanceOf(response.stance);
  return (
    <>
      <a href={`${BASE}q/${response.question.id}/responses`} className="govuk-back-link">
        Back to the responses
      </a>
      <ErrorSummary errors={problem ? [{ href: "#themes-1", text: problem }] : []} />
      {done && (
        <NotificationBanner type="success">
          <p className="govuk-notification-banner__heading">{done}</p>
        </NotificationBanner>
      )}
      <span className="govuk-caption-l">
        Question {response.question.number}: {response.question.text}
      </span>
      <h1 className="govuk-heading-l">Response from {response.respondent}</h1>
      <p className="govuk-body">
        <Tag colour={stance.colour}>{stance.text}</Tag>{" "}
        {response.reviewed && <Tag colour="turquoise">Reviewed</Tag>}{" "}
        {response.flagged && <Tag colour="orange">Flagged</Tag>}
      </p>
      {response.closed && <p className="govuk-body-l">{response.closed}</p>}
      <div className="govuk-inset-text">{response.text || "(No answer written.)"}</div>
      {response.unprocessed && (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            The AI could not map this response ({response.unprocessed}). Choose its themes below.
          </strong>
        </div>
      )}
      <SummaryList
        rows={[
          {
            key: "Evidence-rich",
            value: response.evidenceRich
              ? `Yes: ${response.evidenceReason ?? ""}`
              : `No${response.evidenceReason ? `: ${response.evidenceReason}` : ""}`,
          },
          { key: "Row in the file", value: String(response.rowNumber) },
          ...Object.entries(response.demographics).map(([field, value]) => ({
            key: field,
            value,
          })),
        ]}
      />
      <h2 className="govuk-heading-m">Why these themes</h2>
      <ul className="govuk-list govuk-list--bullet">
        {response.themes.map((theme) => (
          <li key={theme.id}>
            <strong>{theme.label}</strong> ({theme.source === "ai" ? "AI" : "a person"}):{" "}
            {theme.rationale}
          </li>
        ))}
      </ul>
      {response.question.signedOff ? (
        <p className="govuk-body">
          The themes are signed off; reopen them to change this response&apos;s.
        </p>
      ) : (
        <form noValidate onSubmit={saveThemes}>
          <Checkboxes
            name="themes"
            legend="Its themes"
            hint="Choose every theme it makes. With none chosen, it goes to Other."
            options={response.choices.map((theme) => ({ value: theme.id, text: theme.label }))}
            value={chosen}
            onChange={(themes) => {
              unsaved.current = true;
              setChosen(themes);
            }}
          />
          <Button type="submit">Save themes</Button>
        </form>
      )}
      <div className="govuk-button-group">
        <Button
          variant="secondary"
          onClick={() =>
            void act(
              () => markResponse(csrfToken, responseId, { flagged: !response.flagged }),
              response.flagged ? "The flag is removed." : "The response is flagged.",
            )
          }
        >
          {response.flagged ? "Remove flag" : "Flag for attention"}
        </Button>
        <Button
          variant="secondary"
          onClick={() =>
            void act(
              () => markResponse(csrfToken, responseId, { reviewed: !response.reviewed }),
              response.reviewed ? "Marked as not reviewed." : "Marked as reviewed.",
            )
          }
        >
          {response.reviewed ? "Mark as not reviewed" : "Mark as reviewed"}
        </Button>
      </div>
      {response.nextToReview && (
        <p className="govuk-body">
          <a className="govuk-link" href={`${BASE}r/${response.nextToReview}`}>
            Next response to review
          </a>
        </p>
      )}
    </>
  );
}
