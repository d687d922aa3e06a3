import { noContent } from "@bernard/consult-contract";
import {
  Button,
  Checkboxes,
  ErrorSummary,
  NotificationBanner,
  SummaryList,
  Tag,
  usePageTitle,
  useQuery,
  WarningText,
} from "@bernard/ui";
import { Link } from "@tanstack/react-router";
import { useState, type FormEvent } from "react";
import { api, keys, queries } from "./api.js";
import { engineName } from "./engine-name.js";
import { stanceOf } from "./stance.js";
import { useAction } from "./use-action.js";

/** One response: what the person said and about themselves, its themes and why; change, flag, review. */
export function ResponsePage({ responseId }: { responseId: string }) {
  const { data: response } = useQuery(queries.response(responseId));
  const { problem, done, act } = useAction(
    keys.response(responseId),
    ...(response ? [keys.question(response.question.id)] : []),
  );
  // Themes ticked but not saved yet: a reload after another action (a flag) must not untick them.
  const [unsaved, setUnsaved] = useState<string[]>();
  const chosen = unsaved ?? response?.themes.map((theme) => theme.id) ?? [];
  usePageTitle(response ? `Response from ${response.respondent}` : "Response");

  const saveThemes = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      await api.put(`/responses/${responseId}/themes`, { themeIds: chosen }, noContent);
      setUnsaved(undefined);
    }, "The response's themes are saved, and it is marked reviewed.");
  };
  const mark = (marks: { flagged?: boolean; reviewed?: boolean }, message: string) =>
    void act(() => api.patch(`/responses/${responseId}`, marks, noContent), message);

  if (!response)
    return <ErrorSummary errors={problem ? [{ href: "#themes", text: problem }] : []} />;
  const stance = stanceOf(response.stance);
  return (
    <>
      <Link to="/q/$id/responses" params={{ id: response.question.id }} className="govuk-back-link">
        Back to the responses
      </Link>
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
        <WarningText>
          The {engineName(response.question.analysedWith)} could not map this response (
          {response.unprocessed}). Choose its themes below.
        </WarningText>
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
            <strong>{theme.label}</strong> (
            {theme.source === "ai"
              ? `the ${engineName(response.question.analysedWith)}`
              : "a person"}
            ): {theme.rationale}
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
            onChange={setUnsaved}
          />
          <Button type="submit">Save themes</Button>
        </form>
      )}
      <div className="govuk-button-group">
        <Button
          variant="secondary"
          onClick={() =>
            mark(
              { flagged: !response.flagged },
              response.flagged ? "The flag is removed." : "The response is flagged.",
            )
          }
        >
          {response.flagged ? "Remove flag" : "Flag for attention"}
        </Button>
        <Button
          variant="secondary"
          onClick={() =>
            mark(
              { reviewed: !response.reviewed },
              response.reviewed ? "Marked as not reviewed." : "Marked as reviewed.",
            )
          }
        >
          {response.reviewed ? "Mark as not reviewed" : "Mark as reviewed"}
        </Button>
      </div>
      {response.nextToReview && (
        <p className="govuk-body">
          <Link className="govuk-link" to="/r/$id" params={{ id: response.nextToReview }}>
            Next response to review
          </Link>
        </p>
      )}
    </>
  );
}
