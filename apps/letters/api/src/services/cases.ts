import {
  CLOSED_STATUSES,
  type Case,
  type CaseStatus,
  type CaseSummary,
  type Intake,
  type LetterFields,
  type NewCase,
  type ReplyType,
  type Sharing,
  type UpdateCase,
} from "@bernard/letters-contract";
import { AppError } from "@bernard/toolkit";
import { assertMayShare, visibleWhere, type Viewer } from "@bernard/toolkit/sharing";
import { groupCampaigns } from "../intake/campaigns.js";
import { addWorkingDays } from "../intake/deadline.js";
import { extractLetter, type LetterDetails } from "../intake/extract.js";
import type { LetterText } from "../intake/read-letter.js";
import type { Prisma } from "../generated/prisma/client.js";
import { campaignsOf, joinCampaign } from "./campaigns.js";
import { changeLog, type Caller } from "./change-log.js";
import type { ToolDatabase } from "./database.js";
import { caseReference, linesById, today } from "./lines.js";
import { readSettings } from "./settings.js";

type CaseRow = Prisma.CaseGetPayload<object>;

/** How many open cases a new letter is compared with to find its campaign. */
const CAMPAIGN_WINDOW = 2_000;

/** What the intake read from a letter, with its deadline counted from today: nothing is saved. */
export async function readIntake(
  db: ToolDatabase,
  letter: LetterText,
  fileName: string | null,
): Promise<Intake> {
  const details = extractLetter(letter.text, letter.email);
  const { workingDays } = await readSettings(db);
  const receivedOn = today();
  return {
    fileName,
    format: letter.format,
    letterText: letter.text,
    fields: fieldsOf(details),
    channel: letter.format === "eml" ? "email" : "letter",
    receivedOn,
    deadline: addWorkingDays(receivedOn, workingDays),
    workingDays,
    campaign: (await campaignOf(db, letter.text)).map(({ id, number }) => ({
      id,
      reference: caseReference(number),
    })),
  };
}

function fieldsOf(details: LetterDetails): LetterFields {
  const mp = details.onBehalfOf;
  return {
    correspondentType: details.correspondent.type,
    correspondentName: details.correspondent.name ?? "",
    address: details.correspondent.address,
    postcode: details.correspondent.postcode ?? "",
    email: details.correspondent.email ?? "",
    mpName: mp?.mpName ?? "",
    constituency: mp?.constituency ?? "",
    mpReference: mp?.mpReference ?? "",
    constituentName: mp?.constituentName ?? "",
    letterDate: details.letterDate ?? "",
    subject: details.subject ?? "",
    points: details.points,
  };
}

/** A case's letter as the drafting engine reads it: the fields as a person last checked them. */
export function letterDetails(row: CaseRow): LetterDetails {
  const text = (value: string) => value || undefined;
  return {
    correspondent: {
      type: row.correspondentType === "mp" ? "mp" : "public",
      name: text(row.correspondentName),
      address: row.address,
      postcode: text(row.postcode),
      email: text(row.email),
    },
    onBehalfOf:
      row.correspondentType === "mp"
        ? {
            mpName: row.mpName || row.correspondentName,
            constituency: text(row.constituency),
            mpReference: text(row.mpReference),
            constituentName: text(row.constituentName),
          }
        : undefined,
    letterDate: text(row.letterDate),
    subject: text(row.subject),
    points: row.points,
  };
}

/** Open cases with the same letter (a campaign), oldest first. */
async function campaignOf(db: ToolDatabase, letterText: string) {
  const open = await db.case.findMany({
    // A case a person took out of its campaign is answered on its own.
    where: { status: { notIn: [...CLOSED_STATUSES] }, leftCampaign: false },
    select: { id: true, number: true, letterText: true, campaignLeadId: true },
    orderBy: { number: "asc" },
    take: CAMPAIGN_WINDOW,
  });
  const group = groupCampaigns([letterText, ...open.map((row) => row.letterText)]).find(
    (campaign) => campaign.members.includes(0),
  );
  return (group?.members ?? []).filter((member) => member > 0).map((member) => open[member - 1]!);
}

export async function createCase(db: ToolDatabase, input: NewCase, by: Caller): Promise<Case> {
  const {
    openToEveryone = false,
    sharedWith,
    deadline,
    letterText,
    team = "",
    joinCampaign: wantsCampaign = true,
    ...fields
  } = input;
  const { workingDays } = await readSettings(db);
  const sameText = wantsCampaign ? await campaignOf(db, letterText) : [];
  const row = await db.$transaction(async (tx) =>
    tx.case.create({
      data: {
        ...fields,
        team,
        letterText,
        deadline: deadline ?? addWorkingDays(input.receivedOn, workingDays),
        deadlineSetByPerson: deadline !== undefined,
        campaignLeadId: await joinCampaign(tx, sameText),
        ownerId: by.id,
        ownerName: by.name,
        openToEveryone,
        // Shared with the team it is for unless the person chose otherwise.
        sharedWith: sharedWith ?? (team ? [team] : []),
        changes: {
          create: changeLog.entry({
            action: "case.logged",
            by,
            details: { channel: fields.channel, receivedOn: fields.receivedOn },
          }),
        },
      },
    }),
  );
  return caseView(db, row, by);
}

export async function caseRow(db: ToolDatabase, id: string): Promise<CaseRow> {
  const row = await db.case.findUnique({ where: { id } });
  if (!row) throw AppError.notFound("There is no such case. It may have been deleted.");
  return row;
}

export async function findCase(db: ToolDatabase, id: string, viewer: Viewer): Promise<Case> {
  return caseView(db, await caseRow(db, id), viewer);
}

export async function listCases(db: ToolDatabase, viewer: Viewer): Promise<CaseSummary[]> {
  const rows = await db.case.findMany({
    where: visibleWhere(viewer),
    orderBy: [{ deadline: "asc" }, { number: "asc" }],
    take: 1_000,
  });
  return summaries(db, rows);
}

/** Changes the fields a person corrected; the log keeps what each was before. */
export async function updateCase(
  db: ToolDatabase,
  id: string,
  input: UpdateCase,
  by: Caller,
): Promise<Case> {
  const before = await caseRow(db, id);
  if (CLOSED_STATUSES.includes(before.status as CaseStatus)) {
    throw AppError.conflict("This case is closed, so its details can no longer be changed.");
  }
  const { deadline, ...fields } = input;
  const changed: Record<string, unknown> = Object.fromEntries(
    Object.entries(fields).filter(
      ([field, value]) =>
        value !== undefined &&
        JSON.stringify(value) !== JSON.stringify(before[field as keyof CaseRow]),
    ),
  );
  // The deadline moves with the received date unless a person set it; null counts it again.
  const counted = deadline === null || (changed.receivedOn && !before.deadlineSetByPerson);
  if (deadline && deadline !== before.deadline) {
    changed.deadline = deadline;
    changed.deadlineSetByPerson = true;
  } else if (counted) {
    const { workingDays } = await readSettings(db);
    changed.deadline = addWorkingDays(
      (changed.receivedOn ?? before.receivedOn) as string,
      workingDays,
    );
    changed.deadlineSetByPerson = false;
  }
  for (const field of ["deadline", "deadlineSetByPerson"] as const) {
    if (changed[field] === before[field]) delete changed[field];
  }
  if (Object.keys(changed).length === 0) return caseView(db, before, by);
  const row = await db.case.update({
    where: { id },
    data: {
      ...changed,
      changes: {
        create: changeLog.entry({
          action: "case.updated",
          by,
          before: Object.fromEntries(
            Object.keys(changed).map((field) => [field, before[field as keyof CaseRow]]),
          ),
          after: changed,
        }),
      },
    },
  });
  return caseView(db, row, by);
}

export async function shareCase(
  db: ToolDatabase,
  id: string,
  sharing: Sharing,
  by: Caller,
): Promise<Case> {
  const before = await caseRow(db, id);
  assertMayShare(by, before, "case");
  const row = await db.case.update({
    where: { id },
    data: {
      ...sharing,
      changes: {
        create: changeLog.entry({
          action: "case.shared",
          by,
          before: { openToEveryone: before.openToEveryone, sharedWith: before.sharedWith },
          after: sharing,
        }),
      },
    },
  });
  return caseView(db, row, by);
}

/** Whether the case is past its deadline without having been answered. */
export const isOverdue = (row: { status: string; deadline: string }, date = today()) =>
  !CLOSED_STATUSES.includes(row.status as CaseStatus) && row.deadline < date;

/** The list's rows, each saying whether its latest draft cites a line no longer usable. */
export async function summaries(db: ToolDatabase, rows: CaseRow[]): Promise<CaseSummary[]> {
  const latest = await db.draftVersion.findMany({
    where: { caseId: { in: rows.map((row) => row.id) } },
    orderBy: { number: "desc" },
    distinct: ["caseId"],
    select: { caseId: true, citedLines: true },
  });
  const cited = new Map(latest.map((version) => [version.caseId, version.citedLines]));
  const [lines, campaigns] = await Promise.all([
    linesById(db, [...cited.values()].flat()),
    campaignsOf(db, rows),
  ]);
  const date = today();
  const unusable = (ids: string[]) =>
    ids.some((id) => {
      const line = lines.get(id);
      return !line || line.status === "withdrawn" || (!!line.expiresOn && line.expiresOn < date);
    });
  return rows.map((row) => ({
    id: row.id,
    reference: caseReference(row.number),
    status: row.status as CaseStatus,
    correspondentName: row.correspondentName,
    mpName: row.mpName,
    subject: row.subject,
    topic: row.topic,
    team: row.team,
    assigneeName: row.assigneeName,
    receivedOn: row.receivedOn,
    deadline: row.deadline,
    overdue: isOverdue(row, date),
    usesUnusableLines:
      !CLOSED_STATUSES.includes(row.status as CaseStatus) && unusable(cited.get(row.id) ?? []),
    campaignLead: (row.campaignLeadId && campaigns.get(row.campaignLeadId)) || null,
  }));
}

export async function caseView(db: ToolDatabase, row: CaseRow, viewer: Viewer): Promise<Case> {
  const [summary] = await summaries(db, [row]);
  const latest = await db.draftVersion.findFirst({
    where: { caseId: row.id },
    orderBy: { number: "desc" },
    select: { number: true },
  });
  const campaign = row.campaignLeadId
    ? await db.case.findMany({
        where: {
          AND: [{ campaignLeadId: row.campaignLeadId, id: { not: row.id } }, visibleWhere(viewer)],
        },
        select: { id: true, number: true },
        orderBy: { number: "asc" },
      })
    : [];
  return {
    ...summary!,
    channel: row.channel as Case["channel"],
    receivedOn: row.receivedOn,
    deadlineSetByPerson: row.deadlineSetByPerson,
    topic: row.topic,
    team: row.team,
    replyType: row.replyType as ReplyType,
    correspondentType: row.correspondentType === "mp" ? "mp" : "public",
    correspondentName: row.correspondentName,
    address: row.address,
    postcode: row.postcode,
    email: row.email,
    mpName: row.mpName,
    constituency: row.constituency,
    mpReference: row.mpReference,
    constituentName: row.constituentName,
    letterDate: row.letterDate,
    subject: row.subject,
    points: row.points,
    letterText: row.letterText,
    ownerName: row.ownerName,
    isOwner: row.ownerId === viewer.id,
    openToEveryone: row.openToEveryone,
    sharedWith: row.sharedWith,
    campaign: campaign.map((member) => ({
      id: member.id,
      reference: caseReference(member.number),
    })),
    transferredTo: row.transferredTo,
    sentOn: row.sentOn,
    approvedBy: row.approvedBy,
    latestVersion: latest?.number ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
