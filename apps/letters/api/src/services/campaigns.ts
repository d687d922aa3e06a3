import {
  CLOSED_STATUSES,
  type CaseStatus,
  type CaseSummary,
  type Paragraph,
} from "@bernard/letters-contract";
import { AppError } from "@bernard/toolkit";
import { readdressed } from "../engine/draft.js";
import type { Prisma } from "../generated/prisma/client.js";
import { letterDetails } from "./cases.js";
import { changeLog, type Caller } from "./change-log.js";
import type { ToolDatabase } from "./database.js";
import { caseReference } from "./lines.js";

type CaseRow = Prisma.CaseGetPayload<object>;
type Transaction = Prisma.TransactionClient;

/**
 * A campaign is the cases whose `campaignLeadId` names the same lead (the lead names itself).
 * The reply is drafted and approved on the lead; approving it answers every other case in the
 * campaign, each readdressed to its own correspondent; a person can take any case out.
 */
export const isCampaignMember = (row: Pick<CaseRow, "id" | "campaignLeadId">) =>
  row.campaignLeadId !== null && row.campaignLeadId !== row.id;

/** Statuses of a member still waiting for the campaign's reply. */
const WAITING = ["received", "allocated", "drafting"];

/** The campaign a new case joins: the lead of the open cases with the same text, marked as lead. */
export async function joinCampaign(
  tx: Transaction,
  sameText: readonly Pick<CaseRow, "id" | "campaignLeadId">[],
): Promise<string | null> {
  const first = sameText[0];
  if (!first) return null;
  if (first.campaignLeadId) return first.campaignLeadId;
  await tx.case.update({ where: { id: first.id }, data: { campaignLeadId: first.id } });
  return first.id;
}

/** Refuses drafting or moving a member's reply: the lead's reply serves it. */
export async function assertNotCampaignMember(
  db: ToolDatabase | Transaction,
  row: CaseRow,
): Promise<void> {
  if (!isCampaignMember(row)) return;
  const lead = await db.case.findUnique({
    where: { id: row.campaignLeadId! },
    select: { number: true },
  });
  throw new AppError(
    409,
    "ANSWERED_BY_CAMPAIGN",
    `This case is in a campaign: the reply to ${lead ? caseReference(lead.number) : "its lead case"} answers it once approved. Work on that reply, or take this case out of the campaign to answer it on its own.`,
  );
}

/**
 * The lead's approved reply given to every member still waiting, addressed to each member's own
 * correspondent, as a new version of the member's reply; the member is approved with it.
 */
export async function answerCampaign(
  tx: Transaction,
  lead: CaseRow,
  approved: { number: number; paragraphs: readonly Paragraph[] },
  by: Caller,
): Promise<void> {
  if (lead.campaignLeadId !== lead.id) return;
  const members = await tx.case.findMany({
    where: { campaignLeadId: lead.id, id: { not: lead.id }, status: { in: WAITING } },
  });
  const leadReference = caseReference(lead.number);
  for (const member of members) {
    const paragraphs = readdressed(approved.paragraphs, letterDetails(member));
    const latest = await tx.draftVersion.findFirst({
      where: { caseId: member.id },
      orderBy: { number: "desc" },
      select: { number: true },
    });
    const number = (latest?.number ?? 0) + 1;
    await tx.draftVersion.create({
      data: {
        caseId: member.id,
        number,
        source: "campaign",
        authorName: `approved reply to ${leadReference}`,
        paragraphs,
        citedLines: [...new Set(paragraphs.flatMap((paragraph) => paragraph.lines))],
      },
    });
    await tx.case.update({
      where: { id: member.id },
      data: {
        status: "approved",
        approvedBy: by.name,
        approvedVersion: number,
        changes: {
          create: changeLog.entry({
            action: "campaign.answered",
            by,
            details: { version: number, lead: leadReference, leadVersion: approved.number },
          }),
        },
      },
    });
  }
}

/** The lead's reply returned after approval: the members approved with it wait for it again. */
export async function returnCampaign(
  tx: Transaction,
  lead: CaseRow,
  comment: string,
  by: Caller,
): Promise<void> {
  if (lead.campaignLeadId !== lead.id || lead.status !== "approved") return;
  const members = await tx.case.findMany({
    where: { campaignLeadId: lead.id, id: { not: lead.id }, status: "approved" },
    select: { id: true },
  });
  for (const member of members) {
    await tx.case.update({
      where: { id: member.id },
      data: {
        status: "drafting",
        approvedBy: null,
        approvedVersion: null,
        changes: {
          create: changeLog.entry({
            action: "draft.returned",
            by,
            details: { lead: caseReference(lead.number), comment },
          }),
        },
      },
    });
  }
}

/**
 * Takes a case out of its campaign, to be answered on its own. A lead that leaves hands the
 * campaign to its oldest remaining case (its own drafts stay with it); a campaign left with one
 * case is no campaign.
 */
export async function leaveCampaign(db: ToolDatabase, id: string, by: Caller): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await tx.case.findUniqueOrThrow({ where: { id } });
    if (!row.campaignLeadId) throw AppError.conflict("This case is not in a campaign.");
    if (row.status === "approved" || CLOSED_STATUSES.includes(row.status as CaseStatus)) {
      throw AppError.conflict(
        "This case's reply is already approved or the case is closed, so it stays with its campaign. Return the reply first to answer it on its own.",
      );
    }
    const leadId = row.campaignLeadId;
    const rest = await tx.case.findMany({
      where: { campaignLeadId: leadId, id: { not: id } },
      orderBy: { number: "asc" },
      select: { id: true, number: true },
    });
    const nextLead = leadId === id ? rest[0]!.id : leadId;
    await tx.case.updateMany({
      where: { id: { in: rest.map((member) => member.id) } },
      data: { campaignLeadId: rest.length > 1 ? nextLead : null },
    });
    const lead = await tx.case.findUniqueOrThrow({
      where: { id: leadId },
      select: { number: true },
    });
    await tx.case.update({
      where: { id },
      data: {
        campaignLeadId: null,
        leftCampaign: true,
        changes: {
          create: changeLog.entry({
            action: "campaign.left",
            by,
            details: { lead: caseReference(lead.number), casesLeft: rest.length },
          }),
        },
      },
    });
  });
}

/** For the list: each campaign's lead and size, by lead. */
export async function campaignsOf(
  db: ToolDatabase,
  rows: readonly Pick<CaseRow, "campaignLeadId">[],
): Promise<Map<string, NonNullable<CaseSummary["campaignLead"]>>> {
  const leadIds = [...new Set(rows.flatMap((row) => row.campaignLeadId ?? []))];
  if (leadIds.length === 0) return new Map();
  const [sizes, leads] = await Promise.all([
    db.case.groupBy({
      by: ["campaignLeadId"],
      where: { campaignLeadId: { in: leadIds } },
      _count: { _all: true },
    }),
    db.case.findMany({ where: { id: { in: leadIds } }, select: { id: true, number: true } }),
  ]);
  const size = new Map(sizes.map((group) => [group.campaignLeadId, group._count._all]));
  return new Map(
    leads.map((lead) => [
      lead.id,
      { id: lead.id, reference: caseReference(lead.number), cases: size.get(lead.id) ?? 1 },
    ]),
  );
}
