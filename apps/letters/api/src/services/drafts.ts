import {
  ENGINE_FLAG_KINDS,
  type DraftEstimate,
  type EditDraft,
  type EngineFlag,
  type Flag,
  type Paragraph,
  type Retrieval,
  type Version,
} from "@bernard/letters-contract";
import { modelEstimate, type EngineChoice, type LlmClient } from "@bernard/llm";
import { AppError } from "@bernard/toolkit";
import { OFFLINE_ENGINE, modelAuthor, type ChangeAuthor } from "@bernard/toolkit/change-log";
import { draftReply, usableIndex } from "../engine/draft.js";
import { draftReplyWithModel, estimateModelDraft } from "../engine/model.js";
import { checkStyle } from "../engine/style.js";
import type { LetterDetails } from "../intake/extract.js";
import { whyUnusable, type Line } from "../lines/lines.js";
import type { Prisma } from "../generated/prisma/client.js";
import { assertNotCampaignMember } from "./campaigns.js";
import { caseRow, letterDetails } from "./cases.js";
import { changeLog, type Caller, type ChangeAction } from "./change-log.js";
import type { ToolDatabase } from "./database.js";
import { allLines, linesById, storedLineVectors, today } from "./lines.js";
import { readSettings } from "./settings.js";

type VersionRow = Prisma.DraftVersionGetPayload<object>;
type Transaction = Prisma.TransactionClient;

const PLACEHOLDER = "[No approved line:";
/** Courtesy text of the house template that a person may reword without a line: greeting and sign-off. */
const COURTESY = /^(Dear [^\n]{1,120},|Yours (sincerely|faithfully),)$/;

/** The statuses in which a reply may be drafted or edited. */
const DRAFTABLE = ["received", "allocated", "drafting", "quality_check"];

/**
 * What each paragraph is, decided here whatever the page sent: a placeholder while it still says
 * "[No approved line: …]", policy when it cites lines, the house template when it is template text
 * the engine wrote for this case (or a greeting or sign-off), and otherwise a person's own words.
 */
function classify(paragraphs: readonly Omit<Paragraph, "kind">[], template: ReadonlySet<string>) {
  return paragraphs.map(({ text, lines }): Paragraph => {
    const kind = text.includes(PLACEHOLDER)
      ? "placeholder"
      : lines.length > 0
        ? "policy"
        : template.has(text) || COURTESY.test(text)
          ? "template"
          : "own";
    return { text, lines: [...new Set(lines)], kind };
  });
}

const normalise = (text: string) =>
  text.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, " ").trim().toLowerCase();
const sentencesOf = (text: string) =>
  (text.match(/[^.!?]+[.!?]*/g) ?? []).map((sentence) => sentence.trim()).filter(Boolean);

/**
 * What stands between a draft and approval, worked out afresh each time it is read (a line may
 * have expired since): placeholders, paragraphs or sentences that no cited line says, cited
 * lines that are missing, expired or withdrawn; then the house style checks, which advise.
 */
export function reviewDraft(
  paragraphs: readonly Paragraph[],
  details: LetterDetails,
  lines: ReadonlyMap<string, Line>,
  date: string,
): Flag[] {
  const flags: Flag[] = [];
  const flag = (kind: Flag["kind"], paragraph: number, text: string, check: string | null = null) =>
    flags.push({ kind, paragraph, text, check });
  paragraphs.forEach(({ text, lines: cited, kind }, index) => {
    const where = `Paragraph ${index + 1}`;
    if (kind === "placeholder") {
      flag(
        "no-approved-line",
        index,
        `${where}: no approved line answers this point. Replace the placeholder with a line, or ask the line's owners for one.`,
      );
      return;
    }
    if (kind === "own") {
      flag(
        "uncited",
        index,
        `${where} cites no approved line. Cite the line it rests on, or take it out.`,
      );
      return;
    }
    const found = cited.map((id) => lines.get(id));
    cited.forEach((id, at) => {
      const line = found[at];
      const problem = line ? whyUnusable(line, date) : `Line ${id} does not exist.`;
      if (problem)
        flag("unusable-line", index, `${where}: ${problem} Replace it with a current line.`);
    });
    const wording = found.flatMap((line) => (line ? [normalise(line.text)] : []));
    if (kind !== "policy" || wording.length === 0) return;
    for (const sentence of sentencesOf(text)) {
      if (!wording.some((line) => line.includes(normalise(sentence)))) {
        flag(
          "uncited",
          index,
          `${where}: “${sentence}” is not in the line it cites (${cited.join(", ")}). Every policy sentence must be the approved wording.`,
        );
      }
    }
  });
  for (const style of checkStyle(paragraphs, details)) {
    flags.push({
      kind: "style",
      text: style.text,
      paragraph: style.paragraph ?? null,
      check: style.check ?? null,
    });
  }
  return flags;
}

async function versionView(
  db: ToolDatabase,
  row: VersionRow,
  details: LetterDetails,
): Promise<Version> {
  const paragraphs = row.paragraphs as unknown as Paragraph[];
  const lines = await linesById(db, row.citedLines);
  return {
    number: row.number,
    source: row.source as Version["source"],
    authorName: row.authorName,
    createdAt: row.createdAt.toISOString(),
    paragraphs,
    flags: reviewDraft(paragraphs, details, lines, today()),
    engineFlags: row.engineFlags as unknown as EngineFlag[],
  };
}

/** The case's latest version, with its flags as of today, or null before the first draft. */
export async function currentDraft(db: ToolDatabase, caseId: string): Promise<Version | null> {
  const row = await db.draftVersion.findFirst({ where: { caseId }, orderBy: { number: "desc" } });
  return row ? versionView(db, row, letterDetails(await caseRow(db, caseId))) : null;
}

export async function findVersion(
  db: ToolDatabase,
  caseId: string,
  number: number,
): Promise<Version> {
  const row = await db.draftVersion.findUnique({ where: { caseId_number: { caseId, number } } });
  if (!row) throw AppError.notFound(`There is no version ${number} of this reply.`);
  return versionView(db, row, letterDetails(await caseRow(db, caseId)));
}

export async function listVersions(db: ToolDatabase, caseId: string) {
  const rows = await db.draftVersion.findMany({
    where: { caseId },
    orderBy: { number: "desc" },
    select: { number: true, source: true, authorName: true, createdAt: true },
  });
  return rows.map((row) => ({
    ...row,
    source: row.source as Version["source"],
    createdAt: row.createdAt.toISOString(),
  }));
}

/** The lines found for each point of the letter, with why each was chosen (lines usable today only). */
export async function retrieveForCase(db: ToolDatabase, caseId: string): Promise<Retrieval> {
  const { draft, lines } = await offlineDraft(db, caseId);
  const byId = new Map(lines.map((line) => [line.id, line]));
  return draft.retrieval.map((point) => ({
    point: point.point,
    answered: point.answered,
    candidates: point.candidates.map((candidate) => ({
      ...candidate,
      title: byId.get(candidate.lineId)?.title ?? "",
      text: byId.get(candidate.lineId)?.text ?? "",
    })),
  }));
}

/** What either engine drafts from: the case's letter, the lines usable today, the letterhead. */
async function draftingInputs(db: ToolDatabase, caseId: string) {
  const row = await caseRow(db, caseId);
  const [lines, settings] = await Promise.all([allLines(db), readSettings(db)]);
  const date = today();
  // The case's topic steers retrieval only when the knowledge base knows that topic.
  const topic = lines.some((line) => line.topic === row.topic) ? row.topic : undefined;
  const options = {
    date,
    topic,
    signature: { name: settings.letterhead.signatureName, role: settings.letterhead.signatureRole },
  };
  return { row, lines, details: letterDetails(row), index: usableIndex(lines, options), options };
}

async function offlineDraft(db: ToolDatabase, caseId: string) {
  const { row, lines, details, index, options } = await draftingInputs(db, caseId);
  return { row, lines, draft: draftReply(details, index, options) };
}

/** About how long the offline engine takes a letter (`pnpm bench letters`: well under 1 s). */
const OFFLINE_SECONDS = 1;

/** What drafting the case's reply is likely to take with each engine, before it runs. */
export async function estimateDraft(
  db: ToolDatabase,
  caseId: string,
  choice: EngineChoice,
): Promise<DraftEstimate> {
  const { details, index, options } = await draftingInputs(db, caseId);
  return {
    offline: { seconds: OFFLINE_SECONDS },
    model: modelEstimate(choice, (model) =>
      estimateModelDraft(details, index, { ...options, model }),
    ),
  };
}

/** The texts of the house template the engine wrote for this case, which need no line. */
async function templateTexts(tx: Transaction, caseId: string): Promise<Set<string>> {
  const versions = await tx.draftVersion.findMany({
    where: { caseId, source: { in: ["offline", "model"] } },
    select: { paragraphs: true },
  });
  return new Set(
    versions.flatMap((version) =>
      (version.paragraphs as unknown as Paragraph[])
        .filter((paragraph) => paragraph.kind === "template")
        .map((paragraph) => paragraph.text),
    ),
  );
}

async function latestVersion(tx: Transaction | ToolDatabase, caseId: string) {
  return tx.draftVersion.findFirst({ where: { caseId }, orderBy: { number: "desc" } });
}

/**
 * Refuses a new draft where one cannot be made: the case is not being drafted, its campaign's
 * lead answers it, or it would set aside a person's edits they did not agree to set aside. Asked
 * before a draft starts (and before the model is called), and again when it is saved.
 */
export async function assertMayDraft(db: ToolDatabase, caseId: string, replaceEdits: boolean) {
  const row = await db.case.findUniqueOrThrow({ where: { id: caseId } });
  await assertDraftable(db, row);
  assertMayReplace(await latestVersion(db, caseId), replaceEdits);
}

/** Refuses a change to the reply unless its case is being drafted and not answered by its campaign. */
async function assertDraftable(db: ToolDatabase, row: Prisma.CaseGetPayload<object>) {
  await assertNotCampaignMember(db, row);
  const { status } = row;
  if (!DRAFTABLE.includes(status)) {
    throw AppError.conflict(
      status === "approval" || status === "approved"
        ? "The reply is with the approver, so it cannot be changed. Ask them to return it with a comment."
        : "This case is closed, so its reply cannot be changed.",
    );
  }
}

/** A version saved with its change, and the case moved on to drafting if it was not yet. */
async function saveVersion(
  tx: Transaction,
  caseId: string,
  status: string,
  version: {
    source: Version["source"];
    authorName: string;
    paragraphs: Paragraph[];
    engineFlags?: EngineFlag[];
    jobId?: string | null;
  },
  change: {
    action: ChangeAction;
    by: Caller | ChangeAuthor;
    details: Record<string, unknown>;
  },
): Promise<number> {
  const number = ((await latestVersion(tx, caseId))?.number ?? 0) + 1;
  await tx.draftVersion.create({
    data: {
      caseId,
      number,
      ...version,
      paragraphs: version.paragraphs,
      citedLines: [...new Set(version.paragraphs.flatMap((paragraph) => paragraph.lines))],
    },
  });
  if (status === "received" || status === "allocated") {
    await tx.case.update({ where: { id: caseId }, data: { status: "drafting" } });
  }
  await tx.change.create({
    data: {
      caseId,
      ...changeLog.entry({ ...change, details: { version: number, ...change.details } }),
    },
  });
  return number;
}

/** Flags only the drafting run can raise (the rest are worked out again on each read). */
const ENGINE_FLAGS: readonly string[] = ENGINE_FLAG_KINDS;

/** A person's latest version is only set aside when they say so (it stays in the versions). */
function assertMayReplace(latest: VersionRow | null, replaceEdits: boolean): void {
  if (latest?.source === "person" && !replaceEdits) {
    throw new AppError(
      409,
      "EDITS_WOULD_BE_REPLACED",
      `Version ${latest.number} has edits by ${latest.authorName}. Drafting again makes a new version without them; version ${latest.number} is kept and you can go back to it.`,
    );
  }
}

/**
 * A new draft: the house template around the approved lines, a placeholder for each point no
 * line answers; from the offline engine, or from the model (`model`: its client and name), whose
 * sentences are checked against the lines they cite and whose flags are kept with the version.
 */
export async function draftCase(
  db: ToolDatabase,
  caseId: string,
  replaceEdits: boolean,
  by: Caller,
  model?: { client: LlmClient; name: string; jobId?: string },
): Promise<Version> {
  const { row, lines, details, index, options } = await draftingInputs(db, caseId);
  const done = model?.jobId
    ? await db.draftVersion.findUnique({ where: { jobId: model.jobId } })
    : null;
  if (done) return findVersion(db, caseId, done.number);
  await assertMayDraft(db, caseId, replaceEdits);
  const draft = model
    ? await draftReplyWithModel(details, index, {
        ...options,
        client: model.client,
        allLines: lines,
        lineVectors: storedLineVectors(db),
      })
    : draftReply(details, index, options);
  const author = draft.engine === "model" ? modelAuthor(model!.name) : OFFLINE_ENGINE;
  const engineFlags: EngineFlag[] = draft.flags.flatMap((flag) =>
    ENGINE_FLAGS.includes(flag.kind)
      ? [
          {
            kind: flag.kind as EngineFlag["kind"],
            text: flag.text,
            paragraph: flag.paragraph ?? null,
          },
        ]
      : [],
  );
  const number = await db.$transaction(async (tx) => {
    assertMayReplace(await latestVersion(tx, caseId), replaceEdits);
    const paragraphs = classify(draft.paragraphs, new Set());
    // What the engine wrote without a line is its template.
    for (const paragraph of paragraphs) if (paragraph.kind === "own") paragraph.kind = "template";
    return saveVersion(
      tx,
      caseId,
      row.status,
      {
        source: draft.engine,
        authorName: author.name,
        paragraphs,
        engineFlags,
        jobId: model?.jobId ?? null,
      },
      {
        action: "draft.drafted",
        by: author,
        details: {
          askedBy: by.name,
          ...(engineFlags.length > 0 && { engineFlags: engineFlags.length }),
        },
      },
    );
  });
  return findVersion(db, caseId, number);
}

/** A person's edit, saved as a new version on top of the one they edited. */
export async function editDraft(
  db: ToolDatabase,
  caseId: string,
  edit: EditDraft,
  by: Caller,
): Promise<Version> {
  const row = await caseRow(db, caseId);
  await assertDraftable(db, row);
  const number = await db.$transaction(async (tx) => {
    await assertLatest(tx, caseId, edit.basedOn);
    const paragraphs = classify(edit.paragraphs, await templateTexts(tx, caseId));
    return saveVersion(
      tx,
      caseId,
      row.status,
      { source: "person", authorName: by.name, paragraphs },
      { action: "draft.edited", by, details: { basedOn: edit.basedOn } },
    );
  });
  return findVersion(db, caseId, number);
}

/** Puts an approved line, word for word and cited, in place of one paragraph (a placeholder, say). */
export async function useLine(
  db: ToolDatabase,
  caseId: string,
  choice: { basedOn: number; paragraph: number; lineId: string },
  by: Caller,
): Promise<Version> {
  const row = await caseRow(db, caseId);
  await assertDraftable(db, row);
  const line = (await linesById(db, [choice.lineId])).get(choice.lineId);
  const problem = line ? whyUnusable(line, today()) : `There is no line ${choice.lineId}.`;
  if (!line || problem)
    throw AppError.badRequest(problem!, [{ field: "lineId", message: problem! }]);
  const number = await db.$transaction(async (tx) => {
    const latest = await assertLatest(tx, caseId, choice.basedOn);
    const paragraphs = latest.paragraphs as unknown as Paragraph[];
    const replaced = paragraphs[choice.paragraph];
    if (!replaced) throw AppError.badRequest(`The reply has no paragraph ${choice.paragraph + 1}.`);
    const next = paragraphs.map((paragraph, index) =>
      index === choice.paragraph
        ? { text: line.text, lines: [line.id], kind: "policy" as const }
        : paragraph,
    );
    return saveVersion(
      tx,
      caseId,
      row.status,
      { source: "person", authorName: by.name, paragraphs: next },
      {
        action: "draft.line-used",
        by,
        details: { paragraph: choice.paragraph + 1, line: line.id, replaced: replaced.text },
      },
    );
  });
  return findVersion(db, caseId, number);
}

async function assertLatest(tx: Transaction, caseId: string, basedOn: number): Promise<VersionRow> {
  const latest = await latestVersion(tx, caseId);
  if (!latest) throw AppError.conflict("Draft the reply first.");
  if (latest.number !== basedOn) {
    throw new AppError(
      409,
      "VERSION_CHANGED",
      `${latest.authorName} saved version ${latest.number} after the version ${basedOn} you changed. Reload the reply and make your change again.`,
    );
  }
  return latest;
}
