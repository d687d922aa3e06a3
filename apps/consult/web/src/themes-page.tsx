import {
  ANALYSIS_JOB,
  ANALYSIS_STAGES,
  FINAL_MAPPING_STAGES,
  jobSnapshotSchema,
  newThemeReplySchema,
  newThemeSchema,
  noContent,
  themeDescriptionSchema,
  themeLabelSchema,
  type JobSnapshot,
  type QuestionChange,
  type QuestionDetails,
  type ThemeSummary,
} from "@bernard/consult-contract";
import {
  Button,
  ButtonLink,
  ErrorSummary,
  JobPanel,
  NotificationBanner,
  Select,
  ChangeLog,
  Table,
  Tag,
  TextInput,
  Textarea,
  errorMessage,
  isUnfinished,
  subjectJobKey,
  usePageTitle,
  useQuery,
  useQueryClient,
  useSchemaForm,
  useSubjectJob,
  WarningText,
} from "@bernard/ui";
import { Link, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { z } from "zod";
import { AnalyseForm, AnalysisReport, EvaluationPanel } from "./analysis-panel.js";
import { api, keys, queries } from "./api.js";
import { CONFIRMED, type Confirmed } from "./confirm-pages.js";
import { stanceOf } from "./stance.js";
import { useAction } from "./use-action.js";

type Act = (work: () => Promise<unknown>, message: string) => Promise<void>;

/** Whether a question's job is the final mapping that its sign-off started. */
const isFinalMapping = (job: JobSnapshot, question: QuestionDetails | undefined) =>
  Boolean(question?.signedOffAt && job.createdAt >= question.signedOffAt);

/**
 * A question's themes by count, with the stance split and a quote for each; experts rename,
 * merge and delete themes here, and sign the set off when it is right. The question's analysis
 * is found again after a reload (and by colleagues), and followed while it runs.
 */
export function ThemesPage({
  questionId,
  confirmed,
}: {
  questionId: string;
  confirmed?: Confirmed | undefined;
}) {
  const client = useQueryClient();
  const subject = { kind: ANALYSIS_JOB.kind, id: questionId };
  const jobKey = subjectJobKey(subject);
  const { problem, setProblem, done: acted, act } = useAction(keys.question(questionId), jobKey);
  const done = acted ?? (confirmed ? CONFIRMED[confirmed] : undefined);
  const navigate = useNavigate();
  const { data: question } = useQuery(queries.question(questionId));
  const { data: themes } = useQuery(queries.themes(questionId));
  const { data: changes = [] } = useQuery(queries.changes(questionId));
  // What a finished job changed (themes, mapping, the report) is shown as soon as it finishes.
  const { job, query: jobQuery } = useSubjectJob(api, subject, ANALYSIS_JOB.name, {
    refreshOnFinish: keys.question(questionId),
  });
  usePageTitle(question ? `Question ${question.number} themes` : "Themes");

  const signedOff = Boolean(question?.signedOffAt);
  const running = job ? isUnfinished(job) : false;
  const final = job ? isFinalMapping(job, question) : false;
  // Analysing again is confirmed first, on a page that says what happens to reviewers' work.
  const startAnalysis = (engine: "offline" | "model") =>
    question?.analysedAt
      ? void navigate({ to: "/q/$id/analyse", params: { id: questionId }, search: { engine } })
      : void api
          .post(`/questions/${questionId}/analysis`, { engine }, jobSnapshotSchema)
          .then(() => client.invalidateQueries({ queryKey: jobKey }))
          .catch((error: unknown) => setProblem(errorMessage(error)));
  return (
    <>
      {question && (
        <Link to="/c/$id" params={{ id: question.consultationId }} className="govuk-back-link">
          Back to the consultation
        </Link>
      )}
      <ErrorSummary errors={problem ? [{ href: "#theme", text: problem }] : []} />
      {done && (
        <NotificationBanner type="success">
          <p className="govuk-notification-banner__heading">{done}</p>
        </NotificationBanner>
      )}
      <span className="govuk-caption-l">{question?.consultationTitle}</span>
      <h1 className="govuk-heading-l">Question {question?.number} themes</h1>
      <p className="govuk-body">{question?.text}</p>
      {signedOff ? (
        <p className="govuk-body">
          <Tag colour="green">Signed off</Tag> by {question?.signedOffBy}. Reopen the themes to
          change them.
        </p>
      ) : (
        <p className="govuk-body">
          Find the themes, check them, change what is wrong, then sign them off. Nothing is final
          until you do.
        </p>
      )}
      {question?.analysedAt && (
        <ul className="govuk-list">
          <li>
            <Link className="govuk-link" to="/q/$id/responses" params={{ id: questionId }}>
              Review the responses
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to="/q/$id/dashboard" params={{ id: questionId }}>
              See the dashboard
            </Link>
          </li>
        </ul>
      )}
      {question && <AnalysisReport question={question} />}
      {/* Kept once finished, so the person sees the last run's outcome. */}
      {job && (
        <JobPanel
          title={final ? "Mapping responses to the signed-off themes" : "Analysing the responses"}
          status={job}
          stages={final ? FINAL_MAPPING_STAGES : ANALYSIS_STAGES}
          onStop={() =>
            void act(
              () => api.post(`/jobs/${job.id}/cancel`, {}, jobSnapshotSchema),
              "The analysis was stopped. The themes from before are as they were.",
            )
          }
        />
      )}
      {jobQuery.isSuccess && !running && !signedOff && question && (
        <AnalyseForm
          questionId={questionId}
          analysed={Boolean(question.analysedAt)}
          onStart={startAnalysis}
        />
      )}
      {themes && themes.length > 0 && (
        <>
          <ThemesTable themes={themes} questionId={questionId} />
          {!signedOff && (
            <>
              <ThemeChanges themes={themes} questionId={questionId} act={act} />
              <AddTheme questionId={questionId} act={act} />
            </>
          )}
          <EvaluationPanel questionId={questionId} engine={question?.analysedWith} />
          <h2 className="govuk-heading-m">Sign off</h2>
          {signedOff ? (
            <Button
              variant="secondary"
              onClick={() =>
                void act(
                  () => api.post(`/questions/${questionId}/reopen`, {}, noContent),
                  "The themes are open for changes again.",
                )
              }
            >
              Reopen the themes
            </Button>
          ) : running ? (
            <p className="govuk-body">
              You can sign off the themes once the analysis has finished.
            </p>
          ) : (
            <>
              <p className="govuk-body">
                Signing off freezes the themes. Every response keeps the themes it has; those with
                none yet are mapped to them, so the results can be reported.
              </p>
              <ButtonLink to="/q/$id/sign-off" params={{ id: questionId }}>
                Sign off these themes
              </ButtonLink>
            </>
          )}
        </>
      )}
      {changes.length > 0 && (
        <ChangeLog
          changes={changes}
          describe={(change) => (
            <>
              {describeChange(change)}
              {change.undoable && (
                <>
                  {" "}
                  <Button
                    variant="secondary"
                    className="govuk-!-margin-bottom-0 govuk-!-margin-left-2"
                    onClick={() =>
                      void act(
                        () =>
                          api.post(
                            `/questions/${questionId}/changes/${change.id}/undo`,
                            {},
                            noContent,
                          ),
                        `Undone: ${describeChange(change)}.`,
                      )
                    }
                  >
                    Undo<span className="govuk-visually-hidden"> {describeChange(change)}</span>
                  </Button>
                </>
              )}
            </>
          )}
        />
      )}
    </>
  );
}

function ThemesTable({ themes, questionId }: { themes: ThemeSummary[]; questionId: string }) {
  return (
    <Table
      caption="Themes, most responses first"
      rows={themes}
      rowKey={(theme) => theme.id}
      columns={[
        {
          header: "Theme",
          cell: (theme) => (
            <>
              <Link
                className="govuk-link govuk-!-font-weight-bold"
                to="/q/$id/responses"
                params={{ id: questionId }}
                search={{ theme: theme.id }}
              >
                {theme.label}
              </Link>
              <p className="govuk-body-s govuk-!-margin-bottom-1">{theme.description}</p>
              {theme.summary && (
                <p className="govuk-body-s govuk-!-margin-bottom-1">{theme.summary}</p>
              )}
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
          cell: (theme) => {
            const stance = stanceOf(theme.stance);
            return <Tag colour={stance.colour}>{stance.text}</Tag>;
          },
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
  );
}

const renameForm = z.object({ label: themeLabelSchema });
const describeForm = z.object({ description: themeDescriptionSchema });

/** Rename, merge or delete a theme: choose it, then what to do. */
function ThemeChanges({
  themes,
  questionId,
  act,
}: {
  themes: ThemeSummary[];
  questionId: string;
  act: Act;
}) {
  const navigate = useNavigate();
  const [choice, setChoice] = useState({ id: themes[0]!.id, label: themes[0]!.label });
  const themeId = choice.id;
  const setThemeId = (id: string) =>
    setChoice({ id, label: themes.find((theme) => theme.id === id)?.label ?? "" });
  const [intoId, setIntoId] = useState("");
  const [mergeProblem, setMergeProblem] = useState<string>();
  const rename = useSchemaForm(renameForm, { defaultValues: { label: "" } });
  const describe = useSchemaForm(describeForm, { defaultValues: { description: "" } });
  // The chosen theme may have gone (merged or deleted, perhaps by a colleague): say so.
  const gone = !themes.some((theme) => theme.id === themeId);
  const chosen = themes.find((theme) => theme.id === themeId) ?? themes[0]!;
  const options = themes.map((theme) => ({ value: theme.id, text: theme.label }));
  const edit = (change: { label?: string; description?: string }, message: string) =>
    act(() => api.patch(`/themes/${chosen.id}`, change, noContent), message);

  const merge = () => {
    const into = themes.find((theme) => theme.id === intoId && theme.id !== chosen.id);
    if (!into) return setMergeProblem("Choose the theme to merge it into");
    void navigate({
      to: "/q/$id/t/$themeId/merge",
      params: { id: questionId, themeId: chosen.id },
      search: { into: into.id },
    });
  };
  return (
    <>
      <h2 className="govuk-heading-m">Change a theme</h2>
      {gone && (
        <WarningText role="status">
          {choice.label ? `“${choice.label}” is` : "The theme you chose is"} no longer there: it was
          merged or deleted. Choose another theme below; “{chosen.label}” is chosen for now.
        </WarningText>
      )}
      <Select
        id="theme"
        label="Theme"
        value={chosen.id}
        onChange={(event) => setThemeId(event.target.value)}
        options={options}
      />
      <form
        noValidate
        onSubmit={(event) =>
          void rename.handleSubmit(({ label }) =>
            edit({ label }, `"${chosen.label}" is now "${label}".`),
          )(event)
        }
      >
        <TextInput
          id="label"
          label="New label"
          hint="A few words, specific to this theme."
          {...rename.register("label")}
          error={rename.errorFor("label")}
        />
        <Button type="submit" variant="secondary">
          Rename
        </Button>
      </form>
      <form
        noValidate
        onSubmit={(event) =>
          void describe.handleSubmit(({ description }) =>
            edit({ description }, `"${chosen.label}" has a new description.`),
          )(event)
        }
      >
        <Textarea
          id="description"
          label="New description"
          hint="One sentence on what this theme's responses say."
          rows={2}
          {...describe.register("description")}
          error={describe.errorFor("description")}
        />
        <Button type="submit" variant="secondary">
          Change description
        </Button>
      </form>
      <Select
        id="into"
        label="Merge it into"
        value={intoId}
        onChange={(event) => {
          setIntoId(event.target.value);
          setMergeProblem(undefined);
        }}
        error={mergeProblem}
        options={[
          { value: "", text: "Choose a theme" },
          ...options.filter((option) => option.value !== chosen.id),
        ]}
      />
      <div className="govuk-button-group">
        <Button variant="secondary" onClick={merge}>
          Merge
        </Button>
        <ButtonLink
          warning
          to="/q/$id/t/$themeId/delete"
          params={{ id: questionId, themeId: chosen.id }}
        >
          Delete theme
        </ButtonLink>
      </div>
    </>
  );
}

/** A theme the engine missed, added by hand, checked by the API's own rules. */
function AddTheme({ questionId, act }: { questionId: string; act: Act }) {
  const form = useSchemaForm(newThemeSchema, {
    defaultValues: { label: "", description: "", stance: "neutral" },
  });
  const add = form.handleSubmit((theme) =>
    act(async () => {
      await api.post(`/questions/${questionId}/themes`, theme, newThemeReplySchema);
      form.reset();
    }, `"${theme.label}" was added. Move responses into it from the responses page.`),
  );
  return (
    <form noValidate onSubmit={(event) => void add(event)}>
      <h2 className="govuk-heading-m">Add a theme</h2>
      <TextInput
        id="newLabel"
        label="Label"
        hint="A few words, specific to the point people make."
        {...form.register("label")}
        error={form.errorFor("label")}
      />
      <Textarea
        id="newDescription"
        label="Description (optional)"
        rows={2}
        {...form.register("description")}
        error={form.errorFor("description")}
      />
      <Select
        id="newStance"
        label="Whose view it is"
        {...form.register("stance")}
        options={[
          { value: "neutral", text: "Neither (or both)" },
          { value: "support", text: "People who support the proposal" },
          { value: "oppose", text: "People who oppose the proposal" },
        ]}
      />
      <Button type="submit" variant="secondary">
        Add theme
      </Button>
    </form>
  );
}

function describeChange(change: QuestionChange): string {
  const details = change.details as Record<string, string | number | undefined>;
  switch (change.action) {
    case "theme.edited":
      return details.label
        ? `Renamed "${details.theme}" to "${details.label}"`
        : `Changed the description of "${details.theme}"`;
    case "theme.added":
      return `Added "${details.theme}"`;
    case "theme.merged":
      return `Merged "${details.theme}" into "${details.into}"`;
    case "theme.deleted":
      return `Deleted "${details.theme}"`;
    case "responses.moved":
      return `Moved ${details.responses} responses from "${details.from}" to "${details.to}"`;
    case "themes.signed_off":
      return "Signed off the themes";
    case "themes.reopened":
      return "Reopened the themes";
    case "analysis.finished":
      return `Found ${details.themes} themes and mapped ${details.responses} responses`;
    case "final_mapping.finished":
      return `Mapped ${details.responses} responses without a theme to the signed-off themes; every other response kept its themes`;
    case "change.undone":
      return `Undid the ${details.undid === "theme.merged" ? "merge" : "deletion"} of "${details.theme}"`;
    case "response.themes_set":
      return "Changed one response's themes";
    case "response.marked":
      return details.flagged !== undefined
        ? `${details.flagged ? "Flagged" : "Unflagged"} a response`
        : `Marked a response ${details.reviewed ? "reviewed" : "not reviewed"}`;
    default:
      return change.action.replaceAll(/[._]/g, " ");
  }
}
