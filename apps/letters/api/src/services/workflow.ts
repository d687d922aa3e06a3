import {
  BLOCKING_FLAGS,
  CLOSED_STATUSES,
  STATUS_NAMES,
  type CaseStatus,
  type Change,
  type Comment,
  type Dashboard,
} from "@bernard/letters-contract";
import { AppError } from "@bernard/toolkit";
import { visibleWhere, type Viewer } from "@bernard/toolkit/sharing";
import { addWorkingDays } from "../intake/deadline.js";
import { changeLog, type Caller, type ChangeAction } from "./change-log.js";
import type { ToolDatabase } from "./database.js";
import { answerCampaign, assertNotCampaignMember, returnCampaign } from "./campaigns.js";
import { currentDraft } from "./drafts.js";
import { summaries, isOverdue } from "./cases.js";
import { today } from "./lines.js";

/**
 * How a case moves: received → allocated (assigned) → drafting (first draft) → quality check →
 * approval → approved → sent; a transfer or "no reply needed" closes it early; the checker or
 * the approver can return it to drafting with a comment.
 */
const STEPS = {
  "quality-check": {
    from: ["drafting"],
    to: "quality_check",
    action: "draft.sent-for-quality-check",
  },
  approval: {
    from: ["drafting", "quality_check"],
    to: "approval",
    action: "draft.sent-for-approval",
  },
  return: {
    from: ["quality_check", "approval", "approved"],
    to: "drafting",
    action: "draft.returned",
  },
  approve: { from: ["approval"], to: "approved", action: "draft.approved" },
  send: { from: ["approved"], to: "sent", action: "letter.sent" },
  transfer: {
    from: ["received", "allocated", "drafting"],
    to: "transferred",
    action: "case.transferred",
  },
  "no-reply": {
    from: ["received", "allocated", "drafting"],
    to: "no_reply",
    action: "case.no-reply",
  },
} as const satisfies Record<string, { from: CaseStatus[]; to: CaseStatus; action: ChangeAction }>;
export type WorkflowStep = keyof typeof STEPS;

/** What a step needs besides the case: a comment to return it, the approver's right, where it goes. */
export interface StepInput {
  comment?: string;
  department?: string;
  reason?: string;
  /** Whether the person has the approver's right (settings' approver groups, or an admin). */
  mayApprove?: boolean;
}

export async function moveCase(
  db: ToolDatabase,
  caseId: string,
  step: WorkflowStep,
  input: StepInput,
  by: Caller,
): Promise<void> {
  const rule = STEPS[step];
  const draft = await currentDraft(db, caseId);
  await db.$transaction(async (tx) => {
    const row = await tx.case.findUniqueOrThrow({ where: { id: caseId } });
    // A campaign's member is answered by its lead's reply: that reply is the one moved.
    if (["quality-check", "approval", "approve", "return"].includes(step))
      await assertNotCampaignMember(tx, row);
    if (!(rule.from as readonly string[]).includes(row.status)) {
      throw AppError.conflict(
        `The case is ${STATUS_NAMES[row.status as CaseStatus].toLowerCase()}, so it cannot be moved to ${STATUS_NAMES[rule.to].toLowerCase()} now.`,
      );
    }
    const needsDraft = ["quality-check", "approval", "approve"].includes(step);
    if (needsDraft && !draft) throw AppError.conflict("Draft the reply first.");
    if (step === "approve") {
      if (!input.mayApprove) {
        throw AppError.forbidden(
          "Only an approver can approve a reply. An administrator names the approvers' groups in Settings.",
        );
      }
      const blocking = draft!.flags.filter((flag) => BLOCKING_FLAGS.includes(flag.kind));
      if (blocking.length > 0) {
        throw new AppError(
          409,
          "DRAFT_NOT_READY",
          `The reply cannot be approved yet: ${blocking.length === 1 ? "1 problem" : `${blocking.length} problems`} to put right first. ${blocking[0]!.text}`,
          blocking.map((flag) => ({ field: `paragraphs.${flag.paragraph}`, message: flag.text })),
        );
      }
    }
    await tx.case.update({
      where: { id: caseId },
      data: {
        status: rule.to,
        ...(step === "approve" && { approvedBy: by.name, approvedVersion: draft!.number }),
        ...(step === "return" && { approvedBy: null, approvedVersion: null }),
        ...(step === "send" && { sentOn: today() }),
        ...(step === "transfer" && { transferredTo: input.department, replyType: "transfer" }),
        ...(step === "no-reply" && { replyType: "none" }),
      },
    });
    if (step === "approve") await answerCampaign(tx, row, draft!, by);
    if (step === "return") {
      await returnCampaign(tx, row, input.comment!, by);
      await tx.comment.create({
        data: { caseId, version: draft?.number ?? null, authorName: by.name, text: input.comment! },
      });
    }
    await tx.change.create({
      data: {
        caseId,
        ...changeLog.entry({
          action: rule.action,
          by,
          details: {
            ...(draft && { version: draft.number }),
            ...(input.comment && { comment: input.comment }),
            ...(input.department && { department: input.department }),
            ...(input.reason && { reason: input.reason }),
          },
        }),
      },
    });
  });
}

/** Allocates the case to someone to draft (by name, as the portal knows them). */
export async function assignCase(
  db: ToolDatabase,
  caseId: string,
  assignee: string,
  by: Caller,
): Promise<void> {
  const row = await db.case.findUniqueOrThrow({ where: { id: caseId } });
  if (CLOSED_STATUSES.includes(row.status as CaseStatus)) {
    throw AppError.conflict("This case is closed, so it cannot be allocated.");
  }
  await db.case.update({
    where: { id: caseId },
    data: {
      assigneeName: assignee,
      assigneeId: assignee === by.name ? by.id : null,
      ...(row.status === "received" && { status: "allocated" }),
      changes: {
        create: changeLog.entry({
          action: "case.assigned",
          by,
          before: { assignee: row.assigneeName },
          after: { assignee },
        }),
      },
    },
  });
}

export async function listComments(db: ToolDatabase, caseId: string): Promise<Comment[]> {
  const comments = await db.comment.findMany({ where: { caseId }, orderBy: { createdAt: "asc" } });
  return comments.map((comment) => ({
    id: comment.id,
    version: comment.version,
    authorName: comment.authorName,
    text: comment.text,
    createdAt: comment.createdAt.toISOString(),
  }));
}

export async function listChanges(db: ToolDatabase, caseId: string): Promise<Change[]> {
  const changes = await db.change.findMany({
    where: { caseId },
    orderBy: { at: "desc" },
    take: 500,
  });
  return changes.map(changeLog.view);
}

/** Cases by status, those due in the next week and those overdue, and the share sent in time. */
export async function dashboard(db: ToolDatabase, viewer: Viewer): Promise<Dashboard> {
  const date = today();
  const weekAhead = addWorkingDays(date, 5);
  const rows = await db.case.findMany({
    where: visibleWhere(viewer),
    orderBy: [{ deadline: "asc" }, { number: "asc" }],
    take: 10_000,
  });
  const open = rows.filter((row) => !CLOSED_STATUSES.includes(row.status as CaseStatus));
  const sent = rows.filter((row) => row.status === "sent");
  const inTime = sent.filter((row) => row.sentOn !== null && row.sentOn <= row.deadline).length;
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
  return {
    byStatus: [...counts].map(([status, cases]) => ({ status: status as CaseStatus, cases })),
    dueThisWeek: await summaries(
      db,
      open.filter((row) => row.deadline >= date && row.deadline <= weekAhead).slice(0, 50),
    ),
    overdue: await summaries(db, open.filter((row) => isOverdue(row, date)).slice(0, 50)),
    answeredInTime: {
      sent: sent.length,
      inTime,
      share: sent.length > 0 ? inTime / sent.length : null,
    },
  };
}
