import type {
  ImportResult,
  Line,
  LineDetail,
  LineListQuery,
  CaseStatus,
} from "@bernard/letters-contract";
import { AppError } from "@bernard/toolkit";
import { visibleWhere, type Viewer } from "@bernard/toolkit/sharing";
import type { Prisma } from "../generated/prisma/client.js";
import { embeddedText, textHash, type LineVectorStore } from "../engine/meaning.js";
import { whyUnusable, type Line as EngineLine } from "../lines/lines.js";
import type { Caller } from "./change-log.js";
import type { ToolDatabase } from "./database.js";

type LineRow = Prisma.LineGetPayload<object>;

export const today = (): string => new Date().toISOString().slice(0, 10);

/** A stored line as the drafting engine takes it. */
export const engineLine = (row: LineRow): EngineLine => ({
  id: row.id,
  title: row.title || undefined,
  topic: row.topic,
  text: row.text,
  approvedOn: row.approvedOn,
  expiresOn: row.expiresOn ?? undefined,
  status: row.status === "withdrawn" ? "withdrawn" : "current",
});

function lineView(row: LineRow, date = today()): Line {
  return {
    id: row.id,
    title: row.title,
    topic: row.topic,
    text: row.text,
    owner: row.owner,
    approvedOn: row.approvedOn,
    expiresOn: row.expiresOn,
    status: row.status === "withdrawn" ? "withdrawn" : "current",
    unusable: whyUnusable(engineLine(row), date) ?? null,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Every line, for the engine: it leaves out the ones that may not be used on the day itself. */
export async function allLines(db: ToolDatabase): Promise<EngineLine[]> {
  return (await db.line.findMany({ orderBy: { id: "asc" } })).map(engineLine);
}

/** The lines' embeddings, kept in PostgreSQL so that each line as it reads is sent to the model once. */
export function storedLineVectors(db: ToolDatabase): LineVectorStore {
  return {
    async read(model, lines) {
      const rows = await db.lineEmbedding.findMany({
        where: { model, lineId: { in: lines.map((line) => line.id) } },
      });
      const now = new Map(lines.map((line) => [line.id, textHash(embeddedText(line))]));
      return new Map(
        rows
          .filter((row) => now.get(row.lineId) === row.textHash)
          .map((row) => [row.lineId, row.vector]),
      );
    },
    async write(model, made) {
      await db.$transaction(
        made.map(({ line, vector }) => {
          const kept = { textHash: textHash(embeddedText(line)), vector, at: new Date() };
          return db.lineEmbedding.upsert({
            where: { lineId_model: { lineId: line.id, model } },
            create: { lineId: line.id, model, ...kept },
            update: kept,
          });
        }),
      );
    },
  };
}

export async function linesById(db: ToolDatabase, ids: readonly string[]) {
  const rows = await db.line.findMany({ where: { id: { in: [...new Set(ids)] } } });
  return new Map(rows.map((row) => [row.id, engineLine(row)]));
}

/** Lines matching every word searched for (in the ID, title, topic or text), usable ones first. */
export async function listLines(db: ToolDatabase, query: LineListQuery): Promise<Line[]> {
  const words = query.search.split(/\s+/).filter(Boolean).slice(0, 10);
  const date = today();
  const usable: Prisma.LineWhereInput = {
    status: "current",
    OR: [{ expiresOn: null }, { expiresOn: { gte: date } }],
  };
  const rows = await db.line.findMany({
    where: {
      AND: [
        ...words.map((word) => ({
          OR: (["id", "title", "topic", "text"] as const).map((field) => ({
            [field]: { contains: word, mode: "insensitive" as const },
          })),
        })),
        ...(query.status === "usable" ? [usable] : []),
        ...(query.status === "unusable" ? [{ NOT: usable }] : []),
      ],
    },
    orderBy: [{ topic: "asc" }, { id: "asc" }],
    take: 500,
  });
  return rows.map((row) => lineView(row, date));
}

export async function findLine(db: ToolDatabase, id: string, viewer: Viewer): Promise<LineDetail> {
  const row = await db.line.findUnique({
    where: { id },
    include: { versions: { orderBy: { number: "desc" } } },
  });
  if (!row) throw AppError.notFound(`There is no line ${id}. Check its ID, or import it.`);
  const usedIn = await db.case.findMany({
    where: { ...visibleWhere(viewer), versions: { some: { citedLines: { has: id } } } },
    select: { id: true, number: true, status: true },
    orderBy: { number: "asc" },
    take: 200,
  });
  return {
    ...lineView(row),
    versions: row.versions.map((version) => ({
      number: version.number,
      title: version.title,
      topic: version.topic,
      text: version.text,
      approvedOn: version.approvedOn,
      expiresOn: version.expiresOn,
      status: version.status === "withdrawn" ? "withdrawn" : "current",
      authorName: version.authorName,
      at: version.at.toISOString(),
      note: version.note,
    })),
    usedIn: usedIn.map((found) => ({
      id: found.id,
      reference: caseReference(found.number),
      status: found.status as CaseStatus,
    })),
  };
}

/** "MC-000042": the reference a case is known by. */
export const caseReference = (number: number): string => `MC-${String(number).padStart(6, "0")}`;

const sameWording = (row: LineRow, line: EngineLine) =>
  row.title === (line.title ?? "") &&
  row.topic === line.topic &&
  row.text === line.text &&
  row.approvedOn === line.approvedOn &&
  row.expiresOn === (line.expiresOn ?? null) &&
  row.status === line.status;

/**
 * Adds the imported lines: a new ID is a new line; a known ID with other wording (or dates or
 * status) becomes that line's next version, the earlier one kept; the same line again changes
 * nothing. One transaction, so a failed import leaves the knowledge base as it was.
 */
export async function saveImportedLines(
  db: ToolDatabase,
  imported: { lines: EngineLine[]; problems: ImportResult["problems"] },
  owner: string,
  by: Caller,
  fileName: string,
): Promise<ImportResult> {
  return db.$transaction(
    async (tx) => {
      const existing = new Map(
        (
          await tx.line.findMany({ where: { id: { in: imported.lines.map((line) => line.id) } } })
        ).map((row) => [row.id, row]),
      );
      const fresh = imported.lines.filter((line) => !existing.has(line.id));
      const changed = imported.lines.filter((line) => {
        const row = existing.get(line.id);
        return row && !sameWording(row, line);
      });
      const wording = (line: EngineLine) => ({
        title: line.title ?? "",
        topic: line.topic,
        text: line.text,
        approvedOn: line.approvedOn,
        expiresOn: line.expiresOn ?? null,
        status: line.status,
      });
      await tx.line.createMany({
        data: fresh.map((line) => ({ id: line.id, owner, ...wording(line) })),
      });
      await tx.lineVersion.createMany({
        data: fresh.map((line) => ({
          lineId: line.id,
          number: 1,
          ...wording(line),
          authorName: by.name,
          note: `Imported from ${fileName}`,
        })),
      });
      for (const line of changed) {
        const number = existing.get(line.id)!.version + 1;
        await tx.line.update({
          where: { id: line.id },
          data: { ...wording(line), version: number, ...(owner && { owner }) },
        });
        await tx.lineVersion.create({
          data: {
            lineId: line.id,
            number,
            ...wording(line),
            authorName: by.name,
            note: `Changed by an import from ${fileName}`,
          },
        });
      }
      return {
        added: fresh.length,
        updated: changed.length,
        unchanged: imported.lines.length - fresh.length - changed.length,
        problems: imported.problems,
      };
    },
    { timeout: 60_000 },
  );
}

/** Withdrawn lines are never used again; drafts that cite them are marked until changed. */
export async function withdrawLine(
  db: ToolDatabase,
  id: string,
  reason: string,
  by: Caller,
): Promise<Line> {
  return changeLine(db, id, by, (row) => {
    if (row.status === "withdrawn") throw AppError.conflict(`Line ${id} is already withdrawn.`);
    return { change: { status: "withdrawn" }, note: `Withdrawn: ${reason}` };
  });
}

/** Sets or clears the date after which a line may no longer be used. */
export async function setLineExpiry(
  db: ToolDatabase,
  id: string,
  expiresOn: string | null,
  by: Caller,
): Promise<Line> {
  return changeLine(db, id, by, () => ({
    change: { expiresOn },
    note: expiresOn ? `Review-by date set to ${expiresOn}` : "Review-by date removed",
  }));
}

async function changeLine(
  db: ToolDatabase,
  id: string,
  by: Caller,
  decide: (row: LineRow) => {
    change: Partial<Pick<LineRow, "status" | "expiresOn">>;
    note: string;
  },
): Promise<Line> {
  return db.$transaction(async (tx) => {
    const row = await tx.line.findUnique({ where: { id } });
    if (!row) throw AppError.notFound(`There is no line ${id}. Check its ID, or import it.`);
    const { change, note } = decide(row);
    const number = row.version + 1;
    const updated = await tx.line.update({
      where: { id },
      data: { ...change, version: number },
    });
    await tx.lineVersion.create({
      data: {
        lineId: id,
        number,
        title: updated.title,
        topic: updated.topic,
        text: updated.text,
        approvedOn: updated.approvedOn,
        expiresOn: updated.expiresOn,
        status: updated.status,
        authorName: by.name,
        note,
      },
    });
    return lineView(updated);
  });
}
