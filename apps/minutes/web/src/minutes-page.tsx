import {
  ACTION_STATUSES,
  commentSchema,
  meetingSchema,
  versionSchema,
  type Action,
  type Comment,
  type Minutes,
  type Point,
  type StyleFlag,
  type Turn,
  type Version,
} from "@bernard/minutes-contract";
import {
  Button,
  ChangeLog,
  ErrorSummary,
  NotificationBanner,
  Select,
  Table,
  TextInput,
  Textarea,
  errorMessage,
  useQuery,
  usePageTitle,
} from "@bernard/ui";
import { Link } from "@tanstack/react-router";
import { useState, type ReactNode } from "react";
import { AiEdit } from "./ai-edit.js";
import { API, api, keys, queries } from "./api.js";
import { StatusTag, describeVersion } from "./status.js";
import { useAction } from "./use-action.js";

const CHANGE_WORDS: Record<string, string> = {
  "meeting.created": "Created the meeting",
  "meeting.updated": "Changed the meeting's details",
  "meeting.shared": "Changed who can see the meeting",
  "meeting.purged": "Deleted the meeting under the retention setting for agreed minutes",
  "transcript.uploaded": "Uploaded the transcript",
  "transcript.purged": "Deleted the transcript under the retention setting",
  "speakers.renamed": "Renamed speakers",
  "minutes.drafted": "Drafted the minutes",
  "minutes.edited": "Edited the minutes",
  "minutes.ai-edited": "Asked for an AI edit",
  "minutes.restored": "Brought back an earlier version",
  "minutes.circulated": "Circulated the minutes for comment",
  "minutes.agreed": "Agreed the minutes",
  "minutes.reopened": "Started a new version",
  "minutes.exported": "Downloaded the minutes",
  "comment.added": "Commented",
  "retention.changed": "Changed the retention setting",
};

const time = (seconds: number | undefined) =>
  seconds === undefined
    ? ""
    : [seconds / 3600, (seconds % 3600) / 60, seconds % 60]
        .map((part) => String(Math.floor(part)).padStart(2, "0"))
        .join(":");

/** The minutes: read them with their sources, edit them, take them to agreement, download them. */
export function MinutesPage({ id }: { id: string }) {
  const { data: meeting } = useQuery(queries.meeting(id));
  const { data: version, error } = useQuery(queries.minutes(id));
  const { data: turns } = useQuery({ ...queries.turns(id), retry: false });
  const { data: comments = [] } = useQuery(queries.comments(id));
  const { data: changes = [] } = useQuery(queries.changes(id));
  const { data: me } = useQuery(queries.me());
  const action = useAction(keys.meeting(id), keys.meetings);
  const [selected, setSelected] = useState<{ ref: string; turns: number[] }>();
  const [editing, setEditing] = useState(false);
  usePageTitle(meeting ? `Minutes of ${meeting.title}` : "Minutes");
  if (error) return <p className="govuk-body">{errorMessage(error)}</p>;
  if (!meeting || !version) return <p className="govuk-body">Loading the minutes…</p>;

  const isChair = me && me.name.trim().toLowerCase() === meeting.chair.trim().toLowerCase();
  const step = (path: string, done: string) =>
    void action.act(() => api.post(`/meetings/${id}/${path}`, {}, meetingSchema), done);
  const show = (ref: string, cited: number[]) => setSelected({ ref, turns: cited });
  const place = {
    flags: version.styleFlags,
    comments: comments.filter((c) => c.version === version.number),
    selected: selected?.ref,
    show,
  };

  return (
    <>
      <Link to="/m/$id" params={{ id }} className="govuk-back-link">
        Back to the meeting
      </Link>
      <ErrorSummary errors={action.problem ? [{ href: "#minutes", text: action.problem }] : []} />
      {action.done && (
        <NotificationBanner type="success">
          <p className="govuk-notification-banner__heading">{action.done}</p>
        </NotificationBanner>
      )}
      <span className="govuk-caption-l">{meeting.title}</span>
      <h1 className="govuk-heading-l">Minutes</h1>
      <p className="govuk-body">
        <StatusTag status={meeting.status} /> {describeVersion(version)}.
      </p>
      <Workflow
        meetingStatus={meeting.status}
        isChair={!!isChair}
        chair={meeting.chair}
        busy={action.busy}
        step={step}
        onEdit={() => setEditing(true)}
        editing={editing}
      />
      <div className="govuk-grid-row" id="minutes">
        <div className="govuk-grid-column-two-thirds">
          {editing ? (
            <EditForm
              version={version}
              onCancel={() => setEditing(false)}
              onSave={(minutes) =>
                void action
                  .act(
                    () =>
                      api.put(
                        `/meetings/${id}/minutes`,
                        { basedOn: version.number, minutes },
                        versionSchema,
                      ),
                    "Your edits were saved as a new version.",
                  )
                  .then((saved) => saved && setEditing(false))
              }
            />
          ) : (
            <MinutesView minutes={version.minutes} {...place} />
          )}
        </div>
        <div className="govuk-grid-column-one-third">
          <TurnsPanel selected={selected} turns={turns} purged={!!meeting.transcriptPurgedAt} />
        </div>
      </div>
      {meeting.status !== "agreed" && !editing && (
        <AiEdit meetingId={id} current={version} act={action.act} />
      )}
      {meeting.status === "circulated" && (
        <CommentForm meetingId={id} minutes={version.minutes} selected={selected?.ref} />
      )}
      <h2 className="govuk-heading-m">Download</h2>
      <ul className="govuk-list">
        <li>
          <a className="govuk-link" href={`${API}/meetings/${id}/export.docx`} download>
            Word document (.docx), citations as footnotes
          </a>
        </li>
        <li>
          <a className="govuk-link" href={`${API}/meetings/${id}/export.md`} download>
            Markdown (.md)
          </a>
        </li>
        <li>
          <a className="govuk-link" href={`${API}/meetings/${id}/export.txt`} download>
            Plain text (.txt)
          </a>
        </li>
      </ul>
      <Versions
        meetingId={id}
        current={version}
        frozen={meeting.status === "agreed"}
        act={action.act}
      />
      <h2 className="govuk-heading-m">Change log</h2>
      <ChangeLog
        changes={changes}
        describe={(change) => CHANGE_WORDS[change.action] ?? change.action}
      />
    </>
  );
}

function Workflow(props: {
  meetingStatus: "draft" | "circulated" | "agreed";
  isChair: boolean;
  chair: string;
  busy: boolean;
  editing: boolean;
  step: (path: string, done: string) => void;
  onEdit: () => void;
}) {
  const { meetingStatus: status, isChair, busy, step } = props;
  if (props.editing) return null;
  return (
    <div className="govuk-button-group">
      {status !== "agreed" && (
        <Button variant="secondary" onClick={props.onEdit}>
          Edit the minutes
        </Button>
      )}
      {status === "draft" && (
        <Button
          onClick={() => step("circulate", "The minutes were circulated for comment.")}
          disabled={busy}
          preventDoubleClick
        >
          Circulate for comment
        </Button>
      )}
      {status !== "agreed" && isChair && (
        <Button
          onClick={() => step("agree", "You agreed the minutes. They are now frozen.")}
          disabled={busy}
          preventDoubleClick
        >
          Agree the minutes
        </Button>
      )}
      {status !== "agreed" && !isChair && (
        <p className="govuk-body">Only the chair, {props.chair}, can agree the minutes.</p>
      )}
      {status === "agreed" && (
        <Button
          variant="secondary"
          onClick={() => step("reopen", "A new version was started. The agreed version is kept.")}
          disabled={busy}
        >
          Start a new version
        </Button>
      )}
    </div>
  );
}

interface Place {
  flags: StyleFlag[];
  comments: Comment[];
  selected: string | undefined;
  show: (ref: string, turns: number[]) => void;
}

/** One point with its citation button, house-style flags and comments beside it. */
function Cited({
  refName,
  point,
  children,
  place,
}: {
  refName: string;
  point: Point;
  children: ReactNode;
  place: Place;
}) {
  const flags = place.flags.filter((flag) => flag.ref === refName);
  const comments = place.comments.filter((comment) => comment.ref === refName);
  const current = place.selected === refName;
  return (
    <div className={`bernard-point${current ? " bernard-point--selected" : ""}`} data-ref={refName}>
      <p className="govuk-body govuk-!-margin-bottom-1">
        {children}{" "}
        {point.turns.length > 0 && (
          <button
            type="button"
            className="govuk-link bernard-link-button"
            aria-pressed={current}
            onClick={() => place.show(refName, point.turns)}
          >
            {point.turns.length === 1 ? "Turn" : "Turns"} {point.turns.join(", ")}
          </button>
        )}
      </p>
      {flags.length > 0 && (
        <ul className="govuk-list govuk-body-s bernard-style-flags">
          {flags.map((flag, index) => (
            <li key={index}>
              <strong className="govuk-tag govuk-tag--orange">Style</strong> {flag.message}
            </li>
          ))}
        </ul>
      )}
      {comments.map((comment) => (
        <div
          key={comment.id}
          className="govuk-inset-text govuk-!-margin-top-1 govuk-!-margin-bottom-2"
        >
          <strong>{comment.authorName}</strong> commented: {comment.text}
        </div>
      ))}
    </div>
  );
}

function MinutesView({ minutes, ...place }: { minutes: Minutes } & Place) {
  return (
    <>
      <h2 className="govuk-heading-m">Present</h2>
      <p className="govuk-body">{minutes.attendees.join(", ") || "Not recorded"}</p>
      {minutes.apologies.length > 0 && (
        <>
          <h2 className="govuk-heading-m">Apologies</h2>
          <p className="govuk-body">{minutes.apologies.join(", ")}</p>
        </>
      )}
      <section className="govuk-!-margin-bottom-6">
        <h2 className="govuk-heading-m">Summary</h2>
        <Cited refName="summary" point={{ text: minutes.summary, turns: [] }} place={place}>
          {minutes.summary}
        </Cited>
      </section>
      {minutes.items.map((item, i) => (
        <section key={i} className="govuk-!-margin-bottom-6">
          <h2 className="govuk-heading-m">
            {i + 1}. {item.title}
          </h2>
          {item.points.map((point, j) => (
            <Cited key={j} refName={`items.${i}.points.${j}`} point={point} place={place}>
              ({String.fromCharCode(97 + (j % 26))}) {point.text}
            </Cited>
          ))}
        </section>
      ))}
      <section className="govuk-!-margin-bottom-6">
        <h2 className="govuk-heading-m">Decisions</h2>
        {minutes.decisions.length === 0 && (
          <p className="govuk-body">No decisions were recorded.</p>
        )}
        {minutes.decisions.map((decision, i) => (
          <Cited key={i} refName={`decisions.${i}`} point={decision} place={place}>
            {decision.text}
          </Cited>
        ))}
      </section>
      {minutes.actions.length === 0 ? (
        <>
          <h2 className="govuk-heading-m">Actions</h2>
          <p className="govuk-body">No actions were recorded.</p>
        </>
      ) : (
        <Table
          caption="Actions"
          rows={minutes.actions.map((action, index) => ({ action, index }))}
          rowKey={(row) => String(row.index)}
          columns={[
            { header: "#", cell: (row) => row.index + 1, numeric: true },
            {
              header: "Action",
              cell: (row) => (
                <Cited refName={`actions.${row.index}`} point={row.action} place={place}>
                  {row.action.text}
                </Cited>
              ),
            },
            { header: "Owner", cell: (row) => row.action.owner ?? "To be agreed" },
            { header: "Due", cell: (row) => row.action.due ?? row.action.dueText ?? "Not set" },
            { header: "Status", cell: (row) => (row.action.status === "done" ? "Done" : "Open") },
          ]}
        />
      )}
    </>
  );
}

/** The transcript turns the selected point cites, with speaker and time. */
function TurnsPanel({
  selected,
  turns,
  purged,
}: {
  selected: { ref: string; turns: number[] } | undefined;
  turns: Turn[] | undefined;
  purged: boolean;
}) {
  return (
    <aside className="bernard-turns" aria-labelledby="turns-heading">
      <h2 className="govuk-heading-m" id="turns-heading">
        What was said
      </h2>
      {!selected && (
        <p className="govuk-body">
          Choose a point&apos;s turns to see the transcript lines it came from.
        </p>
      )}
      {selected && purged && (
        <p className="govuk-body">
          The transcript was deleted under the retention setting; the point cites turns{" "}
          {selected.turns.join(", ")}.
        </p>
      )}
      {selected && turns && (
        <ol className="govuk-list" data-testid="cited-turns">
          {selected.turns.map((index) => {
            const turn = turns[index];
            return (
              <li key={index} className="govuk-!-margin-bottom-3">
                <p className="govuk-body-s govuk-!-margin-bottom-1">
                  <strong>{turn?.speaker ?? "Unknown"}</strong> · turn {index}
                  {turn?.start !== undefined && ` · ${time(turn.start)}`}
                </p>
                <p className="govuk-body">{turn?.text ?? "This turn is not in the transcript."}</p>
              </li>
            );
          })}
        </ol>
      )}
    </aside>
  );
}

/** Every point, decision and action as fields; saved as a new version, the old one kept. */
function EditForm({
  version,
  onSave,
  onCancel,
}: {
  version: Version;
  onSave: (minutes: Minutes) => void;
  onCancel: () => void;
}) {
  const [minutes, setMinutes] = useState<Minutes>(() => structuredClone(version.minutes));
  const setPoint = (i: number, j: number, text: string) =>
    setMinutes((m) => ({
      ...m,
      items: m.items.map((item, a) =>
        a !== i
          ? item
          : { ...item, points: item.points.map((p, b) => (b === j ? { ...p, text } : p)) },
      ),
    }));
  const setDecision = (i: number, text: string) =>
    setMinutes((m) => ({
      ...m,
      decisions: m.decisions.map((d, a) => (a === i ? { ...d, text } : d)),
    }));
  const setAction = (i: number, change: Partial<Action>) =>
    setMinutes((m) => ({
      ...m,
      actions: m.actions.map((a, b) => (b === i ? { ...a, ...change } : a)),
    }));
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSave(minutes);
      }}
    >
      <h2 className="govuk-heading-m">Edit the minutes</h2>
      <Textarea
        id="edit-summary"
        label="Summary"
        rows={5}
        value={minutes.summary}
        onChange={(event) => setMinutes({ ...minutes, summary: event.target.value })}
      />
      {minutes.items.map((item, i) => (
        <fieldset key={i} className="govuk-fieldset">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
            {i + 1}. {item.title}
          </legend>
          {item.points.map((point, j) => (
            <Textarea
              key={j}
              id={`edit-items-${i}-points-${j}`}
              label={`Point (${String.fromCharCode(97 + (j % 26))})`}
              rows={3}
              value={point.text}
              onChange={(event) => setPoint(i, j, event.target.value)}
            />
          ))}
        </fieldset>
      ))}
      {minutes.decisions.map((decision, i) => (
        <Textarea
          key={i}
          id={`edit-decisions-${i}`}
          label={`Decision ${i + 1}`}
          rows={2}
          value={decision.text}
          onChange={(event) => setDecision(i, event.target.value)}
        />
      ))}
      {minutes.actions.map((action, i) => (
        <fieldset key={i} className="govuk-fieldset govuk-!-margin-bottom-6">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
            Action {i + 1}
          </legend>
          <Textarea
            id={`edit-actions-${i}-text`}
            label="What is to be done"
            rows={2}
            value={action.text}
            onChange={(event) => setAction(i, { text: event.target.value })}
          />
          <TextInput
            id={`edit-actions-${i}-owner`}
            label="Owner"
            value={action.owner ?? ""}
            onChange={(event) =>
              setAction(i, { owner: event.target.value.trim() ? event.target.value : null })
            }
          />
          <TextInput
            id={`edit-actions-${i}-due`}
            label="Due date"
            hint="As YYYY-MM-DD, for example 2026-03-31"
            className="govuk-input govuk-input--width-10"
            value={action.due ?? ""}
            onChange={(event) => setAction(i, { due: event.target.value.trim() || null })}
          />
          <Select
            id={`edit-actions-${i}-status`}
            label="Status"
            options={ACTION_STATUSES.map((value) => ({
              value,
              text: value === "done" ? "Done" : "Open",
            }))}
            value={action.status}
            onChange={(event) => setAction(i, { status: event.target.value as Action["status"] })}
          />
        </fieldset>
      ))}
      <div className="govuk-button-group">
        <Button type="submit" preventDoubleClick>
          Save as a new version
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function CommentForm({
  meetingId,
  minutes,
  selected,
}: {
  meetingId: string;
  minutes: Minutes;
  selected: string | undefined;
}) {
  const action = useAction(keys.meeting(meetingId));
  const options = [
    ...minutes.items.flatMap((item, i) =>
      item.points.map((point, j) => ({
        value: `items.${i}.points.${j}`,
        text: `${i + 1}(${String.fromCharCode(97 + (j % 26))}) ${point.text.slice(0, 60)}`,
      })),
    ),
    ...minutes.decisions.map((decision, i) => ({
      value: `decisions.${i}`,
      text: `Decision ${i + 1}: ${decision.text.slice(0, 60)}`,
    })),
    ...minutes.actions.map((a, i) => ({
      value: `actions.${i}`,
      text: `Action ${i + 1}: ${a.text.slice(0, 60)}`,
    })),
  ];
  const [ref, setRef] = useState<string>();
  const [text, setText] = useState("");
  const chosen = ref ?? selected ?? options[0]?.value ?? "summary";
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void action.act(async () => {
          await api.post(`/meetings/${meetingId}/comments`, { ref: chosen, text }, commentSchema);
          setText("");
        }, "Your comment was added.");
      }}
    >
      <h2 className="govuk-heading-m">Comment on the minutes</h2>
      {action.done && <p className="govuk-body">{action.done}</p>}
      <Select
        id="comment-ref"
        label="Which point?"
        options={options}
        value={chosen}
        onChange={(event) => setRef(event.target.value)}
      />
      <Textarea
        id="comment-text"
        label="Your comment"
        rows={3}
        value={text}
        error={action.problem}
        onChange={(event) => setText(event.target.value)}
      />
      <Button type="submit" variant="secondary" disabled={action.busy}>
        Add comment
      </Button>
    </form>
  );
}

/** Every version, where it came from, what it changed, and bringing an earlier one back. */
function Versions({
  meetingId,
  current,
  frozen,
  act,
}: {
  meetingId: string;
  current: Version;
  frozen: boolean;
  act: ReturnType<typeof useAction>["act"];
}) {
  const { data: versions = [] } = useQuery(queries.versions(meetingId));
  const [shown, setShown] = useState(current.number);
  const { data: version } = useQuery(queries.version(meetingId, shown));
  return (
    <>
      <h2 className="govuk-heading-m">Versions</h2>
      <Table
        caption="Every version, newest first"
        rows={versions}
        rowKey={(v) => String(v.number)}
        columns={[
          { header: "Version", cell: (v) => describeVersion(v) },
          {
            header: "What changed",
            cell: (v) => (
              <button
                type="button"
                className="govuk-link bernard-link-button"
                onClick={() => setShown(v.number)}
              >
                See what version {v.number} changed
              </button>
            ),
          },
          {
            header: "Bring back",
            cell: (v) =>
              v.number !== current.number && !frozen ? (
                <Button
                  variant="secondary"
                  className="govuk-!-margin-bottom-0"
                  onClick={() =>
                    void act(
                      () =>
                        api.post(
                          `/meetings/${meetingId}/versions/${v.number}/restore`,
                          {},
                          versionSchema,
                        ),
                      `Version ${v.number} was brought back as a new version.`,
                    )
                  }
                >
                  Bring back version {v.number}
                </Button>
              ) : (
                ""
              ),
          },
        ]}
      />
      {version && (
        <>
          <h3 className="govuk-heading-s">What version {version.number} changed</h3>
          {version.changes.length === 0 ? (
            <p className="govuk-body">{version.number === 1 ? "The first draft." : "Nothing."}</p>
          ) : (
            <Table
              caption={`Changes in version ${version.number}`}
              rows={version.changes}
              rowKey={(change) => change.ref}
              columns={[
                { header: "Where", cell: (change) => change.ref },
                { header: "Before", cell: (change) => <del>{change.before ?? "(none)"}</del> },
                { header: "After", cell: (change) => <ins>{change.after ?? "(removed)"}</ins> },
              ]}
            />
          )}
        </>
      )}
    </>
  );
}
