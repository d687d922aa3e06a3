import type {
  NewTemplate,
  TemplateDefinition,
  TemplateDetails,
  TemplateSummary,
} from "@bernard/minutes-contract";
import { newTemplateSchema } from "@bernard/minutes-contract";
import { AppError } from "@bernard/toolkit";
import { isUuid } from "@bernard/toolkit/sharing";
import { BUILT_IN_TEMPLATES, builtInTemplate, type MinutesTemplate } from "../engine/templates.js";
import type { Prisma } from "../generated/prisma/client.js";
import { byPerson, changeLog, type Person } from "./change-log.js";
import type { ToolDatabase } from "./database.js";

/** Who is asking, as the template rules need them: an admin's templates may be for everyone. */
export type TemplateUser = Person & { isAdmin: boolean };

type TemplateRow = Prisma.MinutesTemplateGetPayload<object>;

/** The added templates a person may use: their own and everyone's. */
const usableBy = (user: { id: string }) => ({ OR: [{ ownerId: user.id }, { forEveryone: true }] });

const mayChange = (row: TemplateRow, user: TemplateUser) =>
  row.forEveryone ? user.isAdmin : row.ownerId === user.id;

const notFound = () =>
  AppError.notFound(
    "There is no such template. It may have been deleted, or it is someone else's.",
  );

/** Every template a person may choose: the built-in ones first, then everyone's and their own. */
export async function listTemplates(
  db: ToolDatabase,
  user: TemplateUser,
): Promise<TemplateSummary[]> {
  const rows = await db.minutesTemplate.findMany({
    where: usableBy(user),
    orderBy: [{ forEveryone: "desc" }, { name: "asc" }],
  });
  return [...BUILT_IN_TEMPLATES.map(builtInSummary), ...rows.map((row) => addedSummary(row, user))];
}

/** One template with its sections, as a person may see it. */
export async function findTemplate(
  db: ToolDatabase,
  id: string,
  user: TemplateUser,
): Promise<TemplateDetails> {
  const builtIn = builtInTemplate(id);
  if (builtIn) {
    const { id: _id, ...definition } = builtIn;
    return { ...builtInSummary(builtIn), ...definition };
  }
  const row = await usableRow(db, id, user);
  return { ...addedSummary(row, user), ...definitionOf(row) };
}

/**
 * The template a meeting uses, for drafting and exports. A meeting keeps its template even when
 * shared with someone who could not choose it; one since deleted falls back to formal minutes.
 */
export async function templateOf(db: ToolDatabase, id: string): Promise<MinutesTemplate> {
  const builtIn = builtInTemplate(id);
  if (builtIn) return builtIn;
  const row = isUuid(id) ? await db.minutesTemplate.findUnique({ where: { id } }) : null;
  return row ? { id: row.id, ...definitionOf(row) } : builtInTemplate("formal")!;
}

/** Whether a template page is about one the person may see (else the page answers 404). */
export async function canSeeTemplate(
  db: ToolDatabase,
  id: string,
  user: { id: string },
): Promise<boolean> {
  if (builtInTemplate(id)) return true;
  return isUuid(id) && (await db.minutesTemplate.count({ where: { id, ...usableBy(user) } })) > 0;
}

/** The names of the templates meetings use, for their pages. */
export async function templateNames(db: ToolDatabase, ids: string[]): Promise<Map<string, string>> {
  const added = ids.filter(isUuid);
  const rows =
    added.length > 0
      ? await db.minutesTemplate.findMany({
          where: { id: { in: added } },
          select: { id: true, name: true },
        })
      : [];
  return new Map([
    ...BUILT_IN_TEMPLATES.map((template) => [template.id, template.name] as const),
    ...rows.map((row) => [row.id, row.name] as const),
  ]);
}

/** Refuses a meeting a template its person may not choose (someone else's, or none). */
export async function assertUsableTemplate(
  db: ToolDatabase,
  id: string,
  user: Person,
): Promise<void> {
  if (await canSeeTemplate(db, id, user)) return;
  throw AppError.badRequest("Choose a template from the list.", [
    { field: "template", message: "Choose a template from the list" },
  ]);
}

export async function createTemplate(
  db: ToolDatabase,
  input: NewTemplate,
  user: TemplateUser,
): Promise<TemplateDetails> {
  const { forEveryone, ...definition } = newTemplateSchema.parse(input);
  assertMayShare(forEveryone, user);
  const row = await db.minutesTemplate.create({
    data: {
      name: definition.name,
      definition,
      ownerId: user.id,
      ownerName: user.name,
      forEveryone,
    },
  });
  await logChange(db, user, "template.added", { template: row.id, name: row.name, forEveryone });
  return findTemplate(db, row.id, user);
}

export async function updateTemplate(
  db: ToolDatabase,
  id: string,
  input: NewTemplate,
  user: TemplateUser,
): Promise<TemplateDetails> {
  const before = await changeableRow(db, id, user);
  const { forEveryone, ...definition } = newTemplateSchema.parse(input);
  if (forEveryone !== before.forEveryone) assertMayShare(forEveryone, user);
  await db.minutesTemplate.update({
    where: { id },
    data: {
      name: definition.name,
      definition,
      forEveryone,
    },
  });
  await logChange(db, user, "template.changed", {
    template: id,
    name: definition.name,
    forEveryone,
  });
  return findTemplate(db, id, user);
}

/** Deletes a template no meeting uses; a template in use says which meetings to move first. */
export async function deleteTemplate(
  db: ToolDatabase,
  id: string,
  user: TemplateUser,
): Promise<void> {
  const row = await changeableRow(db, id, user);
  const using = await db.meeting.count({ where: { template: id } });
  if (using > 0) {
    throw AppError.conflict(
      `${using === 1 ? "A meeting uses" : `${using} meetings use`} “${row.name}”. Choose another template for ${using === 1 ? "it" : "them"} first, or keep this one.`,
    );
  }
  await db.minutesTemplate.delete({ where: { id } });
  await logChange(db, user, "template.deleted", { template: id, name: row.name });
}

function assertMayShare(forEveryone: boolean, user: TemplateUser): void {
  if (forEveryone && !user.isAdmin) {
    throw new AppError(
      403,
      "FORBIDDEN",
      "Only an admin can add a template for everyone. Keep it as your own, or ask an admin.",
    );
  }
}

async function usableRow(db: ToolDatabase, id: string, user: Person): Promise<TemplateRow> {
  const row = isUuid(id)
    ? await db.minutesTemplate.findFirst({ where: { id, ...usableBy(user) } })
    : null;
  if (!row) throw notFound();
  return row;
}

async function changeableRow(
  db: ToolDatabase,
  id: string,
  user: TemplateUser,
): Promise<TemplateRow> {
  const row = await usableRow(db, id, user);
  if (!mayChange(row, user)) {
    throw new AppError(
      403,
      "FORBIDDEN",
      "Only an admin can change a template everyone uses. You can add a copy of your own instead.",
    );
  }
  return row;
}

function logChange(
  db: ToolDatabase,
  user: Person,
  action: "template.added" | "template.changed" | "template.deleted",
  details: Record<string, unknown>,
) {
  return db.change.create({ data: changeLog.entry({ action, by: byPerson(user), details }) });
}

const definitionOf = (row: TemplateRow) => row.definition as unknown as TemplateDefinition;

function builtInSummary(template: MinutesTemplate): TemplateSummary {
  return {
    id: template.id,
    name: template.name,
    description: template.description,
    builtIn: true,
    forEveryone: true,
    ownerName: null,
    mayChange: false,
  };
}

function addedSummary(row: TemplateRow, user: TemplateUser): TemplateSummary {
  return {
    id: row.id,
    name: row.name,
    description: definitionOf(row).description,
    builtIn: false,
    forEveryone: row.forEveryone,
    ownerName: row.ownerName,
    mayChange: mayChange(row, user),
  };
}
