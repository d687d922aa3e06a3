import {
  DRAFT_JOB,
  jobSnapshotSchema,
  meetingSchema,
  TRANSCRIBE_JOB,
  type Engine,
  type Meeting,
} from "@bernard/minutes-contract";
import {
  ApiError,
  Button,
  EngineChoice,
  ErrorSummary,
  errorMessage,
  FileUpload,
  JobPanel,
  NotificationBanner,
  SharingFields,
  SummaryList,
  TextInput,
  Textarea,
  describeSharing,
  formatDate,
  formatDateTime,
  isUnfinished,
  subjectJobKey,
  useQuery,
  useQueryClient,
  usePageTitle,
  useSubjectJob,
  WarningText,
} from "@bernard/ui";
import { Link } from "@tanstack/react-router";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { api, BASE, keys, queries, RETENTION_WORDS, SHARING, TOOL_NAME } from "./api.js";
import { agendaLines } from "./meeting-details-pages.js";
import { FrozenNote, StatusTag, describeVersion } from "./status.js";
import { useAction } from "./use-action.js";

/** What the meeting page says when a saved change brings the person back to it. */
export const MEETING_SAVED = {
  details: "The meeting's details were saved.",
} as const;

/** One meeting: its details, transcript, attendees and speakers, and drafting its minutes. */
export function MeetingPage({
  id,
  saved,
}: {
  id: string;
  saved?: keyof typeof MEETING_SAVED | undefined;
}) {
  const { data: meeting } = useQuery(queries.meeting(id));
  usePageTitle(meeting?.title ?? "Meeting");
  const action = useAction(keys.meeting(id), keys.meetings);
  const done = action.done ?? (saved ? MEETING_SAVED[saved] : undefined);
  if (!meeting) return <p className="govuk-body">Loading the meeting…</p>;
  const frozen = meeting.status === "agreed";
  const change = (field: string) =>
    frozen
      ? undefined
      : { href: `${BASE}m/${id}/details`, text: "Change", visuallyHiddenText: field };
  return (
    <>
      <Link to="/" className="govuk-back-link">
        Back to meetings
      </Link>
      <ErrorSummary errors={action.problem ? [{ href: "#file", text: action.problem }] : []} />
      {done && (
        <NotificationBanner type="success">
          <p className="govuk-notification-banner__heading">{done}</p>
        </NotificationBanner>
      )}
      <span className="govuk-caption-l">Meeting</span>
      <h1 className="govuk-heading-l">{meeting.title}</h1>
      <SummaryList
        rows={[
          { key: "Title", value: meeting.title, action: change("title") },
          { key: "Date", value: formatDate(meeting.date), action: change("date") },
          { key: "Chair", value: meeting.chair, action: change("chair") },
          { key: "Template", value: meeting.templateName, action: change("template") },
          { key: "Minutes", value: <StatusTag status={meeting.status} /> },
          { key: "Who can see it", value: describeSharing(meeting, TOOL_NAME) },
          { key: "Transcript", value: <TranscriptSummary meeting={meeting} /> },
          { key: "Kept", value: <MinutesRetention meeting={meeting} /> },
        ]}
      />
      {meeting.latestVersion && (
        <p className="govuk-body">
          <Link className="govuk-link" to="/m/$id/minutes" params={{ id }}>
            Open the minutes
          </Link>{" "}
          ({describeVersion(meeting.latestVersion)})
        </p>
      )}
      {frozen && <FrozenNote />}
      {meeting.transcript && <DraftPanel meeting={meeting} />}
      {!frozen && <TranscriptUpload meeting={meeting} action={action} />}
      {/* Keyed by the saved lists, so a new transcript's names show in the fields. */}
      {!frozen && (
        <PeopleForm
          key={JSON.stringify([meeting.attendees, meeting.apologies, meeting.agenda])}
          meeting={meeting}
          action={action}
        />
      )}
      {!frozen && meeting.transcript && <SpeakersForm meeting={meeting} action={action} />}
      <SharingForm meeting={meeting} action={action} />
    </>
  );
}

/** How long the meeting is kept once its minutes are agreed, and, once they are, until when. */
function MinutesRetention({ meeting }: { meeting: Meeting }) {
  const period = RETENTION_WORDS[meeting.retention.agreedMinutes];
  if (!meeting.agreed) return <>Once the minutes are agreed: {period.toLowerCase()}.</>;
  return meeting.agreed.deleteOn ? (
    <>
      Agreed {formatDate(meeting.agreed.at)}; the meeting and its minutes will be deleted on{" "}
      {formatDate(meeting.agreed.deleteOn)} (retention of agreed minutes: {period}).
    </>
  ) : (
    <>
      Agreed {formatDate(meeting.agreed.at)}. {period}.
    </>
  );
}

function TranscriptSummary({ meeting }: { meeting: Meeting }) {
  const retention = `Transcripts are kept: ${RETENTION_WORDS[meeting.retention.transcripts].toLowerCase()}.`;
  if (meeting.transcriptPurgedAt) {
    return (
      <>
        Deleted on {formatDate(meeting.transcriptPurgedAt)} under the retention setting. {retention}
      </>
    );
  }
  if (!meeting.transcript) return <>None yet. {retention}</>;
  const { fileName, turns, speakers, deleteOn } = meeting.transcript;
  return (
    <>
      {fileName}: {turns} turns by {speakers.length} speakers.{" "}
      {deleteOn
        ? `It will be deleted on ${formatDate(deleteOn)} (retention: ${RETENTION_WORDS[meeting.retention.transcripts]}).`
        : retention}
    </>
  );
}

type Action = ReturnType<typeof useAction>;

/** A transcript read at once, or a recording transcribed by a job the page follows. */
const uploaded = z.union([jobSnapshotSchema, meetingSchema]);

function TranscriptUpload({ meeting, action }: { meeting: Meeting; action: Action }) {
  const client = useQueryClient();
  const subject = { kind: TRANSCRIBE_JOB.kind, id: meeting.id };
  const { job } = useSubjectJob(api, subject, TRANSCRIBE_JOB.name, {
    refreshOnFinish: keys.meeting(meeting.id),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get("file");
    if (!(file instanceof File) || file.size === 0) {
      action.setProblem("Select the meeting's transcript");
      return;
    }
    const form = new FormData();
    form.set("file", file, file.name);
    void action
      .act(() => api.upload(`/meetings/${meeting.id}/transcript`, form, uploaded))
      .then(async (answer) => {
        if (!answer) return;
        if ("state" in answer) {
          await client.invalidateQueries({ queryKey: subjectJobKey(subject) });
          action.setDone(
            `${file.name} was uploaded and is transcribed in the background: its transcript shows here when it is done. You can leave this page meanwhile.`,
          );
        } else action.setDone(`${file.name} was read.`);
      });
  };
  // A finished transcription has nothing more to say once its transcript is shown above.
  const shown = job && job.state !== "completed" && !newer(meeting, job) ? job : undefined;
  const transcribing = shown ? isUnfinished(shown) : false;
  return (
    <>
      <h2 className="govuk-heading-m">
        {meeting.transcript ? "Replace the transcript" : "Upload the transcript"}
      </h2>
      {shown && (
        <JobPanel
          title="Transcribing the recording"
          status={shown}
          stages={TRANSCRIBE_JOB.stages}
          onStop={() =>
            void action.act(
              () => api.post(`/jobs/${shown.id}/cancel`, {}, jobSnapshotSchema),
              "The transcription was stopped. The transcript is as it was.",
            )
          }
        />
      )}
      <form noValidate onSubmit={submit}>
        <FileUpload
          id="file"
          name="file"
          label="Transcript file"
          hint="A Teams or Zoom transcript (.vtt or .docx), subtitles (.srt), text with one “Name: words” line per speaker, or JSON turns. A recording (audio or video) is transcribed by the portal's AI model, when one is set up."
          accept=".vtt,.srt,.docx,.txt,.json,.mp3,.m4a,.wav,.mp4,.webm,.ogg,.mov,.aac,.flac"
          error={action.problem}
        />
        <Button type="submit" preventDoubleClick disabled={action.busy || transcribing}>
          Upload transcript
        </Button>
      </form>
    </>
  );
}

/** Whether the meeting's transcript came after the job (a later upload replaced its outcome). */
const newer = (meeting: Meeting, job: { updatedAt: string }) =>
  !!meeting.transcript && meeting.transcript.uploadedAt > job.updatedAt;

/** Drafting as a job tied to the meeting: found again after a reload, followed while it runs. */
function DraftPanel({ meeting }: { meeting: Meeting }) {
  const client = useQueryClient();
  const subject = { kind: DRAFT_JOB.kind, id: meeting.id };
  const { job, query } = useSubjectJob(api, subject, DRAFT_JOB.name, {
    refreshOnFinish: keys.meeting(meeting.id),
  });
  const [warning, setWarning] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const replaced = meeting.latestVersion;
  const [engine, setEngine] = useState<Engine>("offline");
  const estimate = useQuery(queries.draftEstimate(meeting.id));
  const start = (chosen: Engine, replaceEdits: boolean) => {
    setProblem(undefined);
    setEngine(chosen);
    api
      .post(`/meetings/${meeting.id}/draft`, { engine: chosen, replaceEdits }, jobSnapshotSchema)
      .then(() => {
        setWarning(undefined);
        return client.invalidateQueries({ queryKey: subjectJobKey(subject) });
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.code === "EDITS_WOULD_BE_REPLACED")
          setWarning(error.message);
        else
          setProblem(
            error instanceof ApiError ? error.message : "Bernard could not be reached. Try again.",
          );
      });
  };
  const running = job ? isUnfinished(job) : false;
  return (
    <>
      <h2 className="govuk-heading-m">Draft the minutes</h2>
      {job && <JobPanel title="Drafting the minutes" status={job} stages={DRAFT_JOB.stages} />}
      {problem && <p className="govuk-error-message">{problem}</p>}
      {warning && replaced ? (
        <WarningText>
          {warning}
          <div className="govuk-button-group govuk-!-margin-top-3">
            <Button variant="warning" onClick={() => start(engine, true)} preventDoubleClick>
              Draft again without the edits
            </Button>
            <Button variant="secondary" onClick={() => setWarning(undefined)}>
              Keep the edited version
            </Button>
          </div>
        </WarningText>
      ) : (
        query.isSuccess &&
        !running &&
        (estimate.error ? (
          <p className="govuk-body">{errorMessage(estimate.error)}</p>
        ) : (
          <EngineChoice
            estimate={estimate.data}
            working="Working out what drafting will take…"
            legend="Which engine drafts the minutes?"
            offline="No AI model: agenda items, points in reported speech, decisions and actions with owners and due dates, each citing the turns it came from."
            model="Reads the meeting in parts and writes the minutes in the template's style; every point must cite turns that exist, and names the transcript does not hold are flagged."
            action={meeting.latestVersion ? "Draft the minutes again" : "Draft the minutes"}
            variant={meeting.latestVersion ? "secondary" : "primary"}
            onRun={(chosen) => start(chosen, false)}
          />
        ))
      )}
      {job?.state === "completed" && meeting.latestVersion && (
        <p className="govuk-body">
          Finished {formatDateTime(job.updatedAt)}.{" "}
          <Link className="govuk-link" to="/m/$id/minutes" params={{ id: meeting.id }}>
            Open the minutes
          </Link>
        </p>
      )}
    </>
  );
}

const lines = (names: string[]) => names.join("\n");
const names = (text: string) =>
  text
    .split("\n")
    .map((name) => name.trim())
    .filter(Boolean);

function PeopleForm({ meeting, action }: { meeting: Meeting; action: Action }) {
  const [attendees, setAttendees] = useState(lines(meeting.attendees));
  const [apologies, setApologies] = useState(lines(meeting.apologies));
  const [agenda, setAgenda] = useState(lines(meeting.agenda));
  const save = (event: FormEvent) => {
    event.preventDefault();
    void action.act(
      () =>
        api.put(
          `/meetings/${meeting.id}`,
          { attendees: names(attendees), apologies: names(apologies), agenda: agendaLines(agenda) },
          meetingSchema,
        ),
      "The attendees, apologies and agenda were saved.",
    );
  };
  return (
    <>
      <h2 className="govuk-heading-m">Attendees, apologies and agenda</h2>
      <p className="govuk-body">
        Found in the transcript (its speakers and “apologies from …”). Check them: the minutes use
        these lists.
      </p>
      <form noValidate onSubmit={save}>
        <Textarea
          id="attendees"
          label="Present"
          hint="One name a line."
          rows={5}
          value={attendees}
          onChange={(event) => setAttendees(event.target.value)}
        />
        <Textarea
          id="apologies"
          label="Apologies"
          hint="One name a line."
          rows={3}
          value={apologies}
          onChange={(event) => setApologies(event.target.value)}
        />
        <Textarea
          id="agenda-items"
          label="Agenda (optional)"
          hint="One item a line."
          rows={4}
          value={agenda}
          onChange={(event) => setAgenda(event.target.value)}
        />
        <Button type="submit" variant="secondary" disabled={action.busy}>
          Save attendees and agenda
        </Button>
      </form>
    </>
  );
}

/** Speakers renamed in one place: the transcript, the attendees and the chair follow. */
function SpeakersForm({ meeting, action }: { meeting: Meeting; action: Action }) {
  const speakers = meeting.transcript?.speakers ?? [];
  const [names, setNames] = useState<Record<string, string>>({});
  const save = (event: FormEvent) => {
    event.preventDefault();
    const renames = speakers
      .filter(
        (speaker) =>
          (names[speaker] ?? speaker).trim() && (names[speaker] ?? speaker).trim() !== speaker,
      )
      .map((speaker) => ({ from: speaker, to: names[speaker]!.trim() }));
    if (renames.length === 0) {
      action.setProblem("Change at least one speaker's name");
      return;
    }
    void action.act(async () => {
      await api.put(`/meetings/${meeting.id}/speakers`, { renames }, meetingSchema);
      setNames({});
    }, "The speakers were renamed everywhere.");
  };
  return (
    <>
      <h2 className="govuk-heading-m">Speakers</h2>
      <p className="govuk-body">
        Correct a speaker&apos;s name once here, and the transcript, the attendees and the chair
        follow.
      </p>
      <form noValidate onSubmit={save}>
        {speakers.map((speaker, index) => (
          <TextInput
            key={speaker}
            id={`speaker-${index}`}
            label={`Speaker ${index + 1}: ${speaker}`}
            value={names[speaker] ?? speaker}
            onChange={(event) => setNames({ ...names, [speaker]: event.target.value })}
          />
        ))}
        <Button type="submit" variant="secondary" disabled={action.busy}>
          Rename speakers
        </Button>
      </form>
    </>
  );
}

function SharingForm({ meeting, action }: { meeting: Meeting; action: Action }) {
  const me = useQuery(queries.me()).data;
  const [sharing, setSharing] = useState({
    openToEveryone: meeting.openToEveryone,
    sharedWith: meeting.sharedWith,
  });
  if (me?.id !== meeting.ownerId) return null;
  return (
    <>
      <h2 className="govuk-heading-m">Sharing</h2>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void action.act(
            () => api.put(`/meetings/${meeting.id}/sharing`, sharing, meetingSchema),
            "Who can see the meeting was saved.",
          );
        }}
      >
        <SharingFields {...SHARING} groups={me.groups} value={sharing} onChange={setSharing} />
        <Button type="submit" variant="secondary" disabled={action.busy}>
          Save who can see it
        </Button>
      </form>
    </>
  );
}
