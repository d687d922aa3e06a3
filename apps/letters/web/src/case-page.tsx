import {
  caseSchema,
  CLOSED_STATUSES,
  DRAFT_JOB,
  jobSnapshotSchema,
  REPLY_TYPE_NAMES,
  versionSchema,
  type Case,
  type Change,
  type Engine,
  type Me,
  type Sharing,
} from "@bernard/letters-contract";
import {
  ApiError,
  Button,
  ChangeLog,
  ErrorSummary,
  JobPanel,
  NotificationBanner,
  SharingFields,
  SummaryList,
  Table,
  Tag,
  errorMessage,
  formatDate,
  formatDateTime,
  isUnfinished,
  subjectJobKey,
  useNotFound,
  useQuery,
  useQueryClient,
  usePageTitle,
  useSubjectJob,
  WarningText,
} from "@bernard/ui";
import { Link } from "@tanstack/react-router";
import { useState, type ReactNode } from "react";
import { TOOL_NAME, api, keys, queries } from "./api.js";
import { DraftPanel } from "./draft-panel.js";
import { DraftEngineChoice } from "./engine-choice.js";
import { OneFieldForm } from "./one-field-form.js";
import { StatusTag } from "./status.js";
import { useCaseChange, type CaseChange } from "./use-change.js";

/** What the case page says when a saved change brings the person back to it. */
export const CASE_SAVED = {
  details: "The case's details were saved.",
} as const;

/** A case: its details, what happens next, the reply, its versions, comments and change log. */
export function CasePage({
  id,
  saved,
}: {
  id: string;
  saved?: keyof typeof CASE_SAVED | undefined;
}) {
  const details = useQuery(queries.case(id));
  const me = useQuery(queries.me());
  const draft = useQuery(queries.draft(id));
  const retrieval = useQuery(queries.retrieval(id));
  const changes = useQuery(queries.changes(id));
  const comments = useQuery(queries.comments(id));
  const versions = useQuery(queries.versions(id));
  const change = useCaseChange(id);
  const notFound = useNotFound();
  usePageTitle(details.data ? `Case ${details.data.reference}` : "Case");
  if (details.error && notFound(details.error)) return null;
  if (details.error) return <p className="govuk-body">{errorMessage(details.error)}</p>;
  if (!details.data || !me.data) return <p className="govuk-body">Loading the case…</p>;
  const found = details.data;
  const done = change.done ?? (saved ? CASE_SAVED[saved] : undefined);
  const current = draft.data?.draft ?? null;
  const editable =
    ["received", "allocated", "drafting", "quality_check"].includes(found.status) &&
    !answeredByCampaign(found);
  return (
    <>
      <Link to="/" className="govuk-back-link">
        Back to cases
      </Link>
      <ErrorSummary errors={change.problem ? [{ href: "#actions", text: change.problem }] : []} />
      {done && <NotificationBanner type="success">{done}</NotificationBanner>}
      <span className="govuk-caption-l">{found.subject || "Correspondence"}</span>
      <h1 className="govuk-heading-l">Case {found.reference}</h1>
      <p className="govuk-body">
        <StatusTag status={found.status} /> Deadline {formatDate(found.deadline)}
        {found.overdue && (
          <>
            {" "}
            <Tag colour="red">Overdue</Tag>
          </>
        )}
      </p>
      <Details found={found} />
      {!CLOSED_STATUSES.includes(found.status) && (
        <p className="govuk-body">
          <Link className="govuk-link" to="/c/$id/edit" params={{ id }}>
            Change the case&apos;s details
          </Link>
        </p>
      )}
      <h2 className="govuk-heading-m" id="actions">
        What happens next
      </h2>
      <Actions found={found} me={me.data} hasDraft={!!current} change={change} />
      <h2 className="govuk-heading-m">The reply</h2>
      {current ? (
        <DraftPanel
          caseId={id}
          draft={current}
          retrieval={retrieval.data}
          editable={editable}
          change={change}
        />
      ) : (
        <p className="govuk-body">Not drafted yet.</p>
      )}
      {(found.status === "approved" || found.status === "sent") && (
        <>
          <h3 className="govuk-heading-s">Download the approved letter</h3>
          <ul className="govuk-list">
            <li>
              <a className="govuk-link" href={`${api.baseUrl}/cases/${id}/export.docx`} download>
                Word document on the letterhead (.docx)
              </a>
            </li>
            <li>
              <a className="govuk-link" href={`${api.baseUrl}/cases/${id}/export.txt`} download>
                Plain text for email (.txt)
              </a>
            </li>
          </ul>
        </>
      )}
      {versions.data && versions.data.length > 1 && (
        <Table
          caption="Versions of the reply"
          rows={versions.data}
          rowKey={(version) => String(version.number)}
          columns={[
            {
              header: "Version",
              cell: (version) => (
                <Link
                  className="govuk-link"
                  to="/c/$id/versions/$number"
                  params={{ id, number: String(version.number) }}
                >
                  Version {version.number}
                </Link>
              ),
            },
            { header: "Who", cell: (version) => version.authorName },
            { header: "When", cell: (version) => formatDateTime(version.createdAt) },
          ]}
        />
      )}
      <h2 className="govuk-heading-m">Lines found for each point</h2>
      {retrieval.data?.length === 0 && (
        <p className="govuk-body">The letter raises no points: add them to its details.</p>
      )}
      {retrieval.data?.map((point, index) => (
        <div key={index} data-point={index}>
          <h3 className="govuk-heading-s">
            Point {index + 1}{" "}
            {point.answered ? (
              <Tag colour="green">Answered by a line</Tag>
            ) : (
              <Tag colour="red">No approved line</Tag>
            )}
          </h3>
          <p className="govuk-inset-text">{point.point}</p>
          {point.candidates.length > 0 && (
            <Table
              caption={`Closest lines to point ${index + 1}`}
              rows={point.candidates}
              rowKey={(candidate) => candidate.lineId}
              columns={[
                { header: "Line", cell: (candidate) => `${candidate.lineId} ${candidate.title}` },
                { header: "Answers it?", cell: (candidate) => (candidate.answers ? "Yes" : "No") },
                { header: "Why chosen", cell: (candidate) => candidate.why },
              ]}
            />
          )}
        </div>
      ))}
      <h2 className="govuk-heading-m">Comments</h2>
      {comments.data?.length === 0 && <p className="govuk-body">No comments yet.</p>}
      {comments.data?.map((comment) => (
        <div key={comment.id} className="govuk-inset-text" data-testid="comment">
          <p className="govuk-body-s">
            {comment.authorName}, {formatDateTime(comment.createdAt)}
            {comment.version !== null && ` (on version ${comment.version})`}
          </p>
          <p className="govuk-body">{comment.text}</p>
        </div>
      ))}
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">The letter as received</span>
        </summary>
        <div className="govuk-details__text bernard-letter-text">{found.letterText}</div>
      </details>
      {found.isOwner && <CaseSharing found={found} me={me.data} change={change} />}
      <h2 className="govuk-heading-m">Change log</h2>
      {changes.data && <ChangeLog changes={changes.data} describe={describeChange} />}
    </>
  );
}

function Details({ found }: { found: Case }) {
  const rows: { key: string; value: ReactNode }[] = [
    {
      key: "From",
      value:
        found.correspondentType === "mp"
          ? `${found.mpName} MP${found.constituency ? ` for ${found.constituency}` : ""}`
          : found.correspondentName || "Not known",
    },
    ...(found.correspondentType === "mp"
      ? [
          { key: "On behalf of", value: found.constituentName || "A constituent" },
          { key: "MP's reference", value: found.mpReference || "None given" },
        ]
      : []),
    {
      key: "Address",
      value: [...found.address, found.postcode].filter(Boolean).join(", ") || "Not given",
    },
    { key: "Email", value: found.email || "Not given" },
    {
      key: "Date of the letter",
      value: found.letterDate ? formatDate(found.letterDate) : "Not given",
    },
    { key: "Received", value: `${formatDate(found.receivedOn)} by ${found.channel}` },
    { key: "Deadline", value: formatDate(found.deadline) },
    { key: "Topic", value: found.topic || "Not given" },
    { key: "Team", value: found.team || "Not given" },
    { key: "Kind of reply", value: REPLY_TYPE_NAMES[found.replyType] },
    { key: "Allocated to", value: found.assigneeName ?? "Nobody yet" },
  ];
  if (found.campaignLead) rows.push({ key: "Campaign", value: <Campaign found={found} /> });
  if (found.transferredTo) rows.push({ key: "Transferred to", value: found.transferredTo });
  if (found.approvedBy) rows.push({ key: "Approved by", value: found.approvedBy });
  if (found.sentOn) rows.push({ key: "Sent", value: formatDate(found.sentOn) });
  return <SummaryList rows={rows} />;
}

/** A campaign's other letters wait for its lead's reply (a person may take one out to answer it). */
const answeredByCampaign = (found: Case) =>
  !!found.campaignLead && found.campaignLead.id !== found.id;

/** The letters with the same text, answered once: which case's reply answers them all. */
function Campaign({ found }: { found: Case }) {
  const lead = found.campaignLead!;
  const leads = lead.id === found.id;
  const others = found.campaign.filter((member) => member.id !== lead.id);
  const links = others.map((member, index) => (
    <span key={member.id}>
      {index > 0 && ", "}
      <Link className="govuk-link" to="/c/$id" params={{ id: member.id }}>
        {member.reference}
      </Link>
    </span>
  ));
  return (
    <>
      {leads ? (
        <>
          This case leads a campaign of {lead.cases} letters with the same text: the reply approved
          here answers every one, each addressed to its own correspondent.
        </>
      ) : (
        <>
          One of {lead.cases} letters with the same text, answered by the reply approved on{" "}
          <Link className="govuk-link" to="/c/$id" params={{ id: lead.id }}>
            {lead.reference}
          </Link>
          , addressed to this case&apos;s correspondent.
        </>
      )}
      {links.length > 0 && (
        <>
          {" "}
          {leads ? "The others" : "The others besides it"}: {links}.
        </>
      )}
    </>
  );
}

/** The buttons and forms for the steps open from the case's status. */
function Actions({
  found,
  me,
  hasDraft,
  change,
}: {
  found: Case;
  me: Me;
  hasDraft: boolean;
  change: CaseChange;
}) {
  // The engine to draft again with, once the person agrees to set their edits aside.
  const [confirmRedraft, setConfirmRedraft] = useState<Engine | null>(null);
  const path = `/cases/${found.id}`;
  const client = useQueryClient();
  // The model drafts as a job tied to the case: found again after a reload, followed while it runs.
  const subject = { kind: DRAFT_JOB.subjectKind, id: found.id };
  const { job } = useSubjectJob(api, subject, DRAFT_JOB.name, {
    refreshOnFinish: keys.case(found.id),
  });
  const modelDrafting = job ? isUnfinished(job) : false;
  const step = (name: string, success: string, body: unknown = {}) =>
    change.run(() => api.post(`${path}/${name}`, body, caseSchema), success);
  const draft = (engine: Engine, replaceEdits: boolean) =>
    change.run(
      async () => {
        try {
          if (engine === "model") {
            await api.post(`${path}/draft`, { engine, replaceEdits }, jobSnapshotSchema);
            await client.invalidateQueries({ queryKey: subjectJobKey(subject) });
          } else {
            await api.post(`${path}/draft`, { engine, replaceEdits }, versionSchema);
          }
          setConfirmRedraft(null);
        } catch (error) {
          // A person's version is never set aside without their say: ask, then they decide.
          if (error instanceof ApiError && error.code === "EDITS_WOULD_BE_REPLACED") {
            setConfirmRedraft(engine);
            return;
          }
          throw error;
        }
      },
      engine === "model"
        ? "The AI model is drafting the reply: its progress is below."
        : "A new version of the reply is drafted. Check it beside what was flagged.",
    );
  const open = ["received", "allocated", "drafting"].includes(found.status);
  if (!open && !["quality_check", "approval", "approved"].includes(found.status)) {
    return <p className="govuk-body">The case is closed.</p>;
  }
  const waitsForCampaign = answeredByCampaign(found);
  const drafting = open && !waitsForCampaign;
  return (
    <>
      {open && (
        <OneFieldForm
          id="assignee"
          label="Allocate to"
          hint="The person who drafts the reply."
          initial={found.assigneeName ?? me.name}
          button="Allocate"
          disabled={change.busy}
          onSubmit={(assignee) =>
            step("assign", `The case is allocated to ${assignee}.`, { assignee })
          }
        />
      )}
      {waitsForCampaign && open && (
        <p className="govuk-body">
          The reply to {found.campaignLead!.reference} answers this letter once it is approved.
        </p>
      )}
      {job && job.state !== "completed" && (
        <JobPanel
          title="Drafting the reply with the AI model"
          status={job}
          stages={DRAFT_JOB.stages}
          onStop={() =>
            change.run(
              () => api.post(`/jobs/${job.id}/cancel`, {}, jobSnapshotSchema),
              "The draft was stopped. The reply is as it was.",
            )
          }
        />
      )}
      {drafting && !modelDrafting && (
        <DraftEngineChoice
          caseId={found.id}
          drafted={hasDraft}
          busy={change.busy}
          onDraft={(engine) => draft(engine, false)}
        />
      )}
      <div className="govuk-button-group">
        {found.status === "drafting" && hasDraft && !waitsForCampaign && (
          <Button
            variant="secondary"
            disabled={change.busy}
            onClick={() => step("quality-check", "The reply is with quality check.")}
          >
            Send for quality check
          </Button>
        )}
        {(found.status === "drafting" || found.status === "quality_check") &&
          hasDraft &&
          !waitsForCampaign && (
            <Button
              variant="secondary"
              disabled={change.busy}
              onClick={() => step("approval", "The reply is with the approver.")}
            >
              Send for approval
            </Button>
          )}
        {found.status === "approval" && me.isApprover && (
          <Button disabled={change.busy} onClick={() => step("approve", "You approved the reply.")}>
            Approve the reply
          </Button>
        )}
        {found.status === "approved" && (
          <Button
            disabled={change.busy}
            onClick={() => step("send", "The reply is marked as sent.")}
          >
            Mark as sent
          </Button>
        )}
      </div>
      {found.status === "approval" && !me.isApprover && (
        <p className="govuk-body">
          An approver approves the reply. An administrator names the approvers&apos; groups in
          Settings.
        </p>
      )}
      {confirmRedraft && (
        <WarningText>
          The latest version has a person&apos;s edits. Drafting again makes a new version without
          them; that version is kept in the list of versions.
          <div className="govuk-button-group">
            <Button
              variant="warning"
              onClick={() => draft(confirmRedraft, true)}
              disabled={change.busy}
            >
              Draft again without the edits
            </Button>
            <Button variant="secondary" onClick={() => setConfirmRedraft(null)}>
              Keep the edits
            </Button>
          </div>
        </WarningText>
      )}
      {["quality_check", "approval", "approved"].includes(found.status) && !waitsForCampaign && (
        <OneFieldForm
          id="return-comment"
          label="Return it to the drafter with a comment"
          rows={3}
          button="Return with comment"
          disabled={change.busy}
          onSubmit={(comment) =>
            step("return", "The reply is back with the drafter, with your comment.", { comment })
          }
        />
      )}
      {found.campaignLead && found.status !== "approved" && (
        <Button
          variant="secondary"
          disabled={change.busy}
          onClick={() =>
            change.run(
              () => api.post(`${path}/leave-campaign`, {}, caseSchema),
              "The case is out of its campaign: it is answered on its own.",
            )
          }
        >
          Take this case out of the campaign
        </Button>
      )}
      {open && <CloseEarly found={found} change={change} />}
    </>
  );
}

/** Transfer to another department, or no reply needed: each says where, or why. */
function CloseEarly({ found, change }: { found: Case; change: CaseChange }) {
  const close = (name: string, body: unknown, success: string) =>
    change.run(() => api.post(`/cases/${found.id}/${name}`, body, caseSchema), success);
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">
          Transfer it, or close it without a reply
        </span>
      </summary>
      <div className="govuk-details__text">
        <OneFieldForm
          id="department"
          label="Department it goes to"
          button="Transfer"
          onSubmit={(department) =>
            close("transfer", { department }, `The case is transferred to ${department}.`)
          }
        />
        <OneFieldForm
          id="no-reply-reason"
          label="Why no reply is needed"
          button="Close without a reply"
          onSubmit={(reason) =>
            close("no-reply", { reason }, "The case is closed: no reply needed.")
          }
        />
      </div>
    </details>
  );
}

/** Who besides its owner may see the case: teams the owner is in, or everyone. */
function CaseSharing({ found, me, change }: { found: Case; me: Me; change: CaseChange }) {
  const save = (sharing: Sharing) =>
    change.run(
      () => api.put(`/cases/${found.id}/sharing`, sharing, caseSchema),
      "Who can see the case is saved.",
    );
  return (
    <>
      <h2 className="govuk-heading-m">Who can see the case</h2>
      <SharingFields
        toolName={TOOL_NAME}
        legend="Teams that can see and work on it"
        hint="You can always see it."
        groups={me.groups}
        value={found}
        onChange={save}
      />
    </>
  );
}

const CHANGE_WORDS: Record<string, string> = {
  "case.logged": "Logged the case",
  "case.updated": "Changed the case's details",
  "case.shared": "Changed who can see the case",
  "case.assigned": "Allocated the case",
  "case.transferred": "Transferred the case",
  "case.no-reply": "Closed the case without a reply",
  "draft.drafted": "Drafted the reply",
  "draft.edited": "Edited the reply",
  "draft.line-used": "Put a line in the reply",
  "draft.sent-for-quality-check": "Sent the reply for quality check",
  "draft.sent-for-approval": "Sent the reply for approval",
  "draft.returned": "Returned the reply with a comment",
  "draft.approved": "Approved the reply",
  "letter.sent": "Marked the reply as sent",
  "letter.exported": "Downloaded the letter",
  "campaign.answered": "Answered with its campaign's approved reply",
  "campaign.left": "Took the case out of its campaign",
};

function describeChange(change: Change): string {
  const details = change.details as { version?: number; line?: string; lead?: string };
  const words = CHANGE_WORDS[change.action] ?? change.action;
  const version = details.version ? ` (version ${details.version})` : "";
  const line = details.line || details.lead ? `: ${details.line ?? details.lead}` : "";
  return `${words}${line}${version}`;
}
