import {
  Button,
  ErrorSummary,
  JobProgressBar,
  NotificationBanner,
  Select,
  Table,
  Tag,
  TextInput,
  Textarea,
  errorMessage,
  useJobProgress,
  formatDateTime,
  useNotFound,
  usePageTitle,
} from "@bernard/ui";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { AnalyseForm, AnalysisReport, EvaluationPanel } from "./analysis-panel.js";
import { stanceOf } from "./stance.js";
import { useAction } from "./use-action.js";
import {
  BASE,
  addTheme,
  cancelJob,
  deleteTheme,
  fetchQuestion,
  jobEvents,
  listChanges,
  listThemes,
  mergeTheme,
  editTheme,
  reopen,
  signOff,
  startAnalysis,
  type Change,
  type QuestionDetails,
  type ThemeSummary,
} from "./api.js";

/**
 * A question's themes by count, with the stance split and a quote for each; experts rename,
 * merge and delete themes here, and sign the set off when it is right.
 */
export function ThemesPage({ questionId, csrfToken }: { questionId: string; csrfToken: string }) {
  const { problem, setProblem, done, act: actThenReload } = useAction();
  const [question, setQuestion] = useState<QuestionDetails>();
  const [themes, setThemes] = useState<ThemeSummary[]>();
  const [changes, setChanges] = useState<Change[]>([]);
  const [job, setJob] = useState<{ id: string; label: string }>();
  const status = useJobProgress(job ? jobEvents(job.id) : undefined);

  const notFound = useNotFound();
  usePageTitle(question ? `Question ${question.number} themes` : "Themes");
  const load = useCallback(() => {
    Promise.all([fetchQuestion(questionId), listThemes(questionId), listChanges(questionId)]).then(
      ([found, foundThemes, foundChanges]) => {
        setQuestion(found);
        setThemes(foundThemes);
        setChanges(foundChanges);
      },
      (error: unknown) => {
        if (!notFound(error)) setProblem(errorMessage(error));
      },
    );
  }, [questionId, setProblem, notFound]);
  useEffect(load, [load]);
  const act = (work: () => Promise<unknown>, message: string) => actThenReload(work, message, load);
  useEffect(() => {
    if (status?.state === "completed") load();
  }, [status?.state, load]);

  /** Runs a change, then shows what happened and the fresh themes. */

  const signedOff = Boolean(question?.signedOffAt);
  const responsesHref = `${BASE}q/${questionId}/responses`;
  const running = job && !["completed", "failed", "cancelled"].includes(status?.state ?? "");
  return (
    <>
      {question && (
        <a href={`${BASE}c/${question.consultationId}`} className="govuk-back-link">
          Back to the consultation
        </a>
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
            <a className="govuk-link" href={responsesHref}>
              Review the responses
            </a>
          </li>
          <li>
            <a className="govuk-link" href={`${BASE}q/${questionId}/dashboard`}>
              See the dashboard
            </a>
          </li>
        </ul>
      )}
      {question && <AnalysisReport question={question} responsesHref={responsesHref} />}
      {/* Kept once finished, so the person sees the last run's outcome. */}
      {job && <JobProgressBar status={status} label={job.label} />}
      {running && (
        <Button
          variant="secondary"
          onClick={() =>
            void act(
              () => cancelJob(csrfToken, job.id),
              "The analysis was stopped. The themes from before are as they were.",
            )
          }
        >
          Stop the analysis
        </Button>
      )}
      {!running && !signedOff && question && (
        <AnalyseForm
          questionId={questionId}
          analysed={Boolean(question.analysedAt)}
          onStart={(engine) =>
            void startAnalysis(csrfToken, questionId, engine).then(
              (started) => setJob({ id: started.id, label: "Analysing the responses" }),
              (error: unknown) => setProblem(errorMessage(error)),
            )
          }
        />
      )}
      {themes && themes.length > 0 && (
        <>
          <ThemesTable themes={themes} responsesHref={responsesHref} />
          {!signedOff && (
            <>
              <ThemeChanges themes={themes} csrfToken={csrfToken} act={act} />
              <AddTheme questionId={questionId} csrfToken={csrfToken} act={act} />
            </>
          )}
          <EvaluationPanel questionId={questionId} refresh={changes} />
          <h2 className="govuk-heading-m">Sign off</h2>
          {signedOff ? (
            <Button
              variant="secondary"
              onClick={() =>
                void act(
                  () => reopen(csrfToken, questionId),
                  "The themes are open for changes again.",
                )
              }
            >
              Reopen the themes
            </Button>
          ) : (
            <>
              <p className="govuk-body">
                Signing off freezes the themes. The responses no one has reviewed are then mapped to
                them once more, so the results can be reported.
              </p>
              <Button
                onClick={() =>
                  void act(async () => {
                    const started = await signOff(csrfToken, questionId);
                    setJob({ id: started.id, label: "Mapping responses to the signed-off themes" });
                  }, "The themes are signed off.")
                }
              >
                Sign off these themes
              </Button>
            </>
          )}
        </>
      )}
      {changes.length > 0 && (
        <Table
          caption="Changes, newest first"
          rows={changes.slice(0, 20).map((change, index) => ({ ...change, key: String(index) }))}
          rowKey={(change) => change.key}
          columns={[
            { header: "When", cell: (change) => formatDateTime(change.at) },
            {
              header: "Who",
              cell: (change) => `${change.actorName} (${change.source === "ai" ? "AI" : "person"})`,
            },
            { header: "What", cell: (change) => describeChange(change) },
          ]}
        />
      )}
    </>
  );
}

function ThemesTable({ themes, responsesHref }: { themes: ThemeSummary[]; responsesHref: string }) {
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
              <a
                className="govuk-link govuk-!-font-weight-bold"
                href={`${responsesHref}?theme=${theme.id}`}
              >
                {theme.label}
              </a>
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

/** Rename, merge or delete a theme: choose it, then what to do. */
function ThemeChanges({
  themes,
  csrfToken,
  act,
}: {
  themes: ThemeSummary[];
  csrfToken: string;
  act: (work: () => Promise<unknown>, message: string) => Promise<void>;
}) {
  const [themeId, setThemeId] = useState(themes[0]!.id);
  const [label, setLabel] = useState("");
  const [description, setDescription] = useState("");
  const [intoId, setIntoId] = useState("");
  const chosen = themes.find((theme) => theme.id === themeId) ?? themes[0]!;
  const options = themes.map((theme) => ({ value: theme.id, text: theme.label }));

  const rename = (event: FormEvent) => {
    event.preventDefault();
    void act(
      () => editTheme(csrfToken, chosen.id, { label }),
      `"${chosen.label}" is now "${label}".`,
    );
  };
  const describe = (event: FormEvent) => {
    event.preventDefault();
    void act(
      () => editTheme(csrfToken, chosen.id, { description }),
      `"${chosen.label}" has a new description.`,
    );
  };
  const merge = () => {
    const into = themes.find((theme) => theme.id === intoId);
    if (!into) return;
    void act(
      () => mergeTheme(csrfToken, chosen.id, into.id),
      `"${chosen.label}" was merged into "${into.label}".`,
    );
  };
  return (
    <>
      <h2 className="govuk-heading-m">Change a theme</h2>
      <Select
        id="theme"
        label="Theme"
        value={chosen.id}
        onChange={(event) => setThemeId(event.target.value)}
        options={options}
      />
      <form noValidate onSubmit={rename}>
        <TextInput
          id="label"
          name="label"
          label="New label"
          hint="A few words, specific to this theme."
          value={label}
          onChange={(event) => setLabel(event.target.value)}
        />
        <Button type="submit" variant="secondary">
          Rename
        </Button>
      </form>
      <form noValidate onSubmit={describe}>
        <Textarea
          id="description"
          name="description"
          label="New description"
          hint="One sentence on what this theme's responses say."
          rows={2}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
        <Button type="submit" variant="secondary">
          Change description
        </Button>
      </form>
      <Select
        id="into"
        label="Merge it into"
        value={intoId}
        onChange={(event) => setIntoId(event.target.value)}
        options={[
          { value: "", text: "Choose a theme" },
          ...options.filter((option) => option.value !== chosen.id),
        ]}
      />
      <div className="govuk-button-group">
        <Button variant="secondary" onClick={merge}>
          Merge
        </Button>
        <Button
          variant="warning"
          onClick={() =>
            void act(
              () => deleteTheme(csrfToken, chosen.id),
              `"${chosen.label}" was deleted; its responses without another theme are now in Other.`,
            )
          }
        >
          Delete theme
        </Button>
      </div>
    </>
  );
}

/** A theme the engine missed, added by hand. */
function AddTheme({
  questionId,
  csrfToken,
  act,
}: {
  questionId: string;
  csrfToken: string;
  act: (work: () => Promise<unknown>, message: string) => Promise<void>;
}) {
  const [label, setLabel] = useState("");
  const [description, setDescription] = useState("");
  const [stance, setStance] = useState("neutral");
  const add = (event: FormEvent) => {
    event.preventDefault();
    void act(
      () => addTheme(csrfToken, questionId, { label, description, stance }),
      `"${label}" was added. Move responses into it from the responses page.`,
    );
  };
  return (
    <form noValidate onSubmit={add}>
      <h2 className="govuk-heading-m">Add a theme</h2>
      <TextInput
        id="newLabel"
        name="newLabel"
        label="Label"
        hint="A few words, specific to the point people make."
        value={label}
        onChange={(event) => setLabel(event.target.value)}
      />
      <Textarea
        id="newDescription"
        name="newDescription"
        label="Description (optional)"
        rows={2}
        value={description}
        onChange={(event) => setDescription(event.target.value)}
      />
      <Select
        id="newStance"
        label="Whose view it is"
        value={stance}
        onChange={(event) => setStance(event.target.value)}
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

function describeChange(change: Change): string {
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
      return `Mapped ${details.responses} responses to the signed-off themes`;
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
