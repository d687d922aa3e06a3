import {
  jobSnapshotSchema,
  noContent,
  type Engine,
  type ThemeSummary,
} from "@bernard/consult-contract";
import { Button, ErrorSummary, usePageTitle, useQuery, useQueryClient } from "@bernard/ui";
import { Link, useNavigate } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { api, keys, queries } from "./api.js";
import { useAction } from "./use-action.js";
import { engineName } from "./engine-name.js";

/** What the themes page says when a confirmed change brings the person back to it. */
export const CONFIRMED = {
  "signed-off": "The themes are signed off. Responses without a theme are being mapped to them.",
  analysing: "The analysis has started. Your changes to the themes are kept.",
  merged: "The themes were merged. You can undo this from the list of changes.",
  deleted: "The theme was deleted. You can undo this from the list of changes.",
} as const;
export type Confirmed = keyof typeof CONFIRMED;

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count.toLocaleString("en-GB")} ${count === 1 ? one : many}`;

/**
 * A GOV.UK confirmation page: the question it asks, what will happen, one button to go ahead and
 * a link back that changes nothing.
 */
function ConfirmPage({
  questionId,
  title,
  consequences,
  action,
  warning = false,
  run,
  confirmed,
}: {
  questionId: string;
  title: string;
  consequences: ReactNode;
  action: string;
  warning?: boolean;
  run: () => Promise<unknown>;
  confirmed: Confirmed;
}) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const { problem, act, busy } = useAction(keys.question(questionId));
  const { data: question } = useQuery(queries.question(questionId));
  usePageTitle(title);
  const go = () =>
    void act(async () => {
      await run();
      await client.invalidateQueries({ queryKey: keys.question(questionId) });
      await navigate({ to: "/q/$id", params: { id: questionId }, search: { done: confirmed } });
    }, "");
  return (
    <>
      <Link to="/q/$id" params={{ id: questionId }} className="govuk-back-link">
        Back to the themes
      </Link>
      <ErrorSummary errors={problem ? [{ href: "#confirm", text: problem }] : []} />
      <span className="govuk-caption-l">
        {question ? `Question ${question.number}: ${question.text}` : "Question"}
      </span>
      <h1 className="govuk-heading-l">{title}</h1>
      {consequences}
      <div className="govuk-button-group">
        <Button
          id="confirm"
          variant={warning ? "warning" : "primary"}
          onClick={go}
          disabled={busy}
          preventDoubleClick
        >
          {action}
        </Button>
        <Link className="govuk-link" to="/q/$id" params={{ id: questionId }}>
          Cancel
        </Link>
      </div>
    </>
  );
}

export function SignOffPage({ questionId }: { questionId: string }) {
  const { data: themes } = useQuery(queries.themes(questionId));
  const { data: estimate } = useQuery(queries.estimate(questionId));
  if (!themes || !estimate) return <p className="govuk-body">Loading…</p>;
  const kept = estimate.reanalysis.responsesKept;
  return (
    <ConfirmPage
      questionId={questionId}
      title="Sign off these themes?"
      action="Sign off the themes"
      confirmed="signed-off"
      run={() => api.post(`/questions/${questionId}/sign-off`, {}, jobSnapshotSchema)}
      consequences={
        <>
          <p className="govuk-body">When you sign off:</p>
          <ul className="govuk-list govuk-list--bullet">
            <li>
              the {plural(themes.length, "theme")} are frozen: no one can rename, merge, add or
              delete them until someone reopens them
            </li>
            <li>
              every response keeps the themes it has now, including the {plural(kept, "response")}{" "}
              people placed or reviewed
            </li>
            <li>responses with no theme yet are mapped to the signed-off themes</li>
            <li>
              quotes and summaries are kept; themes someone changed get theirs written again from
              their own responses
            </li>
          </ul>
          <p className="govuk-body">You are recorded in the list of changes as signing off.</p>
        </>
      }
    />
  );
}

export function ReanalysePage({ questionId, engine }: { questionId: string; engine: Engine }) {
  const { data: estimate } = useQuery(queries.estimate(questionId));
  if (!estimate) return <p className="govuk-body">Working out what analysing again will do…</p>;
  const plan = estimate.reanalysis;
  return (
    <ConfirmPage
      questionId={questionId}
      title="Analyse the responses again?"
      action="Analyse again"
      confirmed="analysing"
      run={() => api.post(`/questions/${questionId}/analysis`, { engine }, jobSnapshotSchema)}
      consequences={
        <>
          <p className="govuk-body">The {engineName(engine)} finds the themes again.</p>
          <ul className="govuk-list govuk-list--bullet">
            {plan.themesKept.length > 0 ? (
              <li>
                {plural(plan.themesKept.length, "theme")} people added, changed or placed responses
                in are kept as they are: {plan.themesKept.map((label) => `“${label}”`).join(", ")}.
                A theme found again that is one of these is not added twice
              </li>
            ) : (
              <li>no one has changed the themes, so all of them are found again</li>
            )}
            <li>
              {plural(plan.themesReplaced, "other theme")} found by the engine{" "}
              {plan.themesReplaced === 1 ? "is" : "are"} replaced by what it finds now
            </li>
            <li>
              {plural(plan.responsesKept, "response")} people placed or reviewed keep their themes
            </li>
            <li>{plural(plan.responsesToMap, "other response")} are mapped again</li>
          </ul>
        </>
      }
    />
  );
}

function useTheme(questionId: string, themeId: string) {
  const { data: themes } = useQuery(queries.themes(questionId));
  return { themes, theme: themes?.find((theme) => theme.id === themeId) };
}

/** When the theme is gone (merged or deleted meanwhile), say so rather than act on another. */
function ThemeGone({ questionId }: { questionId: string }) {
  usePageTitle("Theme not found");
  return (
    <>
      <h1 className="govuk-heading-l">This theme is no longer there</h1>
      <p className="govuk-body">
        Someone may have merged or deleted it. Nothing was changed.{" "}
        <Link className="govuk-link" to="/q/$id" params={{ id: questionId }}>
          Go back to the themes
        </Link>
        .
      </p>
    </>
  );
}

export function MergePage({
  questionId,
  themeId,
  intoId,
}: {
  questionId: string;
  themeId: string;
  intoId: string;
}) {
  const { themes, theme } = useTheme(questionId, themeId);
  const into = themes?.find((candidate) => candidate.id === intoId);
  if (!themes) return <p className="govuk-body">Loading…</p>;
  if (!theme || !into) return <ThemeGone questionId={questionId} />;
  return (
    <ConfirmPage
      questionId={questionId}
      title={`Merge “${theme.label}” into “${into.label}”?`}
      action="Merge the themes"
      confirmed="merged"
      run={() => api.post(`/themes/${theme.id}/merge`, { intoThemeId: into.id }, noContent)}
      consequences={<MergeConsequences theme={theme} into={into} />}
    />
  );
}

function MergeConsequences({ theme, into }: { theme: ThemeSummary; into: ThemeSummary }) {
  return (
    <ul className="govuk-list govuk-list--bullet">
      <li>
        the {plural(theme.count, "response")} in “{theme.label}” join “{into.label}”, which has{" "}
        {plural(into.count, "response")} now, and count as placed by you: later analyses and the
        final mapping leave them there
      </li>
      <li>“{theme.label}” is removed, and its quotes go with its responses</li>
      <li>you can undo the merge from the list of changes on the themes page</li>
    </ul>
  );
}

export function DeletePage({ questionId, themeId }: { questionId: string; themeId: string }) {
  const { themes, theme } = useTheme(questionId, themeId);
  if (!themes) return <p className="govuk-body">Loading…</p>;
  if (!theme) return <ThemeGone questionId={questionId} />;
  return (
    <ConfirmPage
      questionId={questionId}
      title={`Delete “${theme.label}”?`}
      action="Delete the theme"
      warning
      confirmed="deleted"
      run={() => api.delete(`/themes/${theme.id}`, noContent)}
      consequences={
        <ul className="govuk-list govuk-list--bullet">
          <li>
            its {plural(theme.count, "response")} lose this theme; those with no other theme go to
            “Other”
          </li>
          <li>you can undo the deletion from the list of changes on the themes page</li>
        </ul>
      }
    />
  );
}
