import { AppError } from "@bernard/toolkit";
import { defineChangeLog } from "@bernard/toolkit/change-log";
import type { Prisma } from "../generated/prisma/client.js";
import { OTHER } from "../engine/types.js";
import type { ToolDatabase, Transaction } from "./database.js";
import { fallbackThemeId } from "./fallback-themes.js";

/** The person making a change, as the portal's token names them. */
export interface Actor {
  id: string;
  name: string;
}

/** Every kind of change to a question's themes and mapping, by a person or by an engine. */
export const questionChanges = defineChangeLog([
  "theme.edited",
  "theme.added",
  "theme.merged",
  "theme.deleted",
  "responses.moved",
  "response.themes_set",
  "response.marked",
  "themes.signed_off",
  "themes.reopened",
  "analysis.finished",
  "final_mapping.finished",
  "change.undone",
]);
type QuestionChange = (typeof questionChanges.actions)[number];

/**
 * Experts' changes to a question's themes and mapping. Each runs in one transaction, refuses
 * once the themes are signed off, and is recorded with who made it, when, and that a person
 * (not the AI) did.
 */
export class Review {
  constructor(private readonly db: ToolDatabase) {}

  async editTheme(
    themeId: string,
    change: { label?: string | undefined; description?: string | undefined },
    actor: Actor,
  ) {
    return this.#onTheme(themeId, actor, async (tx, theme) => {
      await tx.theme.update({
        where: { id: themeId },
        data: { ...change, source: "person" },
      });
      return { action: "theme.edited", details: { themeId, theme: theme.label, ...change } };
    });
  }

  async addTheme(
    questionId: string,
    theme: { label: string; description: string; stance: string },
    actor: Actor,
  ) {
    return this.#onQuestion(questionId, actor, async (tx) => {
      const created = await tx.theme.create({
        data: { ...theme, questionId, source: "person", keyphrases: [] },
      });
      return { action: "theme.added", details: { theme: created.label }, result: created.id };
    });
  }

  /** Every response of one theme joins another; the first theme goes. */
  async mergeThemes(themeId: string, intoThemeId: string, actor: Actor) {
    return this.#onTheme(themeId, actor, async (tx, theme) => {
      const into = await tx.theme.findUnique({ where: { id: intoThemeId } });
      if (!into || into.questionId !== theme.questionId || into.id === theme.id) {
        throw AppError.badRequest("Choose another theme of the same question to merge into.", [
          { field: "intoThemeId", message: "Choose another theme of the same question" },
        ]);
      }
      const undo = await this.#undoRecord(tx, theme.id, into.id);
      const moved = await this.#moveLinks(tx, theme.id, into.id, undefined, {
        keepQuotes: true,
        rationale: `A reviewer merged "${theme.label}" into this theme.`,
      });
      await tx.theme.update({ where: { id: into.id }, data: { source: "person" } });
      // The AI's mapping follows the merge, so agreement is measured on the themes as they are.
      await tx.$executeRaw`
        UPDATE response
        SET ai_theme_ids = ARRAY(SELECT DISTINCT unnest(array_replace(ai_theme_ids, ${theme.id}::uuid, ${into.id}::uuid)))
        WHERE ${theme.id}::uuid = ANY(ai_theme_ids)`;
      await tx.theme.delete({ where: { id: theme.id } });
      return {
        action: "theme.merged",
        details: { theme: theme.label, into: into.label, responses: moved.length, undo },
      };
    });
  }

  /** Chosen responses leave one theme for another (splitting a theme in two). */
  async moveResponses(themeId: string, toThemeId: string, responseIds: string[], actor: Actor) {
    return this.#onTheme(themeId, actor, async (tx, theme) => {
      const to = await tx.theme.findUnique({ where: { id: toThemeId } });
      if (!to || to.questionId !== theme.questionId) {
        throw AppError.badRequest("Choose a theme of the same question to move the responses to.");
      }
      const rationale = `A reviewer moved it here from "${theme.label}".`;
      const moved = await this.#moveLinks(tx, theme.id, to.id, responseIds, {
        keepQuotes: false,
        rationale,
      });
      // A response the AI had also put in the target is now there by the reviewer's decision.
      await tx.responseTheme.updateMany({
        where: { themeId: to.id, responseId: { in: moved } },
        data: { source: "person", rationale },
      });
      await tx.theme.updateMany({
        where: { id: { in: [theme.id, to.id] } },
        data: { source: "person" },
      });
      return {
        action: "responses.moved",
        details: { from: theme.label, to: to.label, responses: moved.length },
      };
    });
  }

  /** A theme goes; responses it leaves without any theme move to "Other". */
  async deleteTheme(themeId: string, actor: Actor) {
    return this.#onTheme(themeId, actor, async (tx, theme) => {
      const hadOther = await tx.theme.count({
        where: { questionId: theme.questionId, label: OTHER.label },
      });
      const undo = await this.#undoRecord(tx, themeId, undefined);
      const links = await tx.responseTheme.findMany({ where: { themeId } });
      await tx.theme.delete({ where: { id: themeId } });
      const orphaned = [];
      for (const link of links) {
        if ((await tx.responseTheme.count({ where: { responseId: link.responseId } })) === 0)
          orphaned.push(link.responseId);
      }
      const other = await fallbackThemeId(tx, theme.questionId, OTHER, "person");
      // As with the responses themselves, the AI's mapping loses the theme, falling back to Other.
      await tx.$executeRaw`
        UPDATE response
        SET ai_theme_ids = CASE WHEN cardinality(array_remove(ai_theme_ids, ${themeId}::uuid)) = 0
          THEN ARRAY[${other}::uuid] ELSE array_remove(ai_theme_ids, ${themeId}::uuid) END
        WHERE ${themeId}::uuid = ANY(ai_theme_ids)`;
      if (orphaned.length > 0) {
        await tx.responseTheme.createMany({
          data: orphaned.map((responseId) => ({
            responseId,
            themeId: other,
            source: "person",
            rationale: `Moved to Other when "${theme.label}" was deleted.`,
          })),
        });
      }
      return {
        action: "theme.deleted",
        details: {
          theme: theme.label,
          movedToOther: orphaned.length,
          undo: { ...undo, orphaned, other, otherCreated: hadOther === 0 },
        },
      };
    });
  }

  /** Sets exactly which themes one response has (none: "Other"). */
  async setResponseThemes(responseId: string, themeIds: string[], actor: Actor) {
    const response = await this.db.response.findUnique({ where: { id: responseId } });
    if (!response) throw AppError.notFound("There is no such response.");
    return this.#onQuestion(response.questionId, actor, async (tx) => {
      const themes = await tx.theme.findMany({
        where: { id: { in: themeIds }, questionId: response.questionId },
      });
      if (themes.length !== new Set(themeIds).size) {
        throw AppError.badRequest("Choose themes of this question.", [
          { field: "themeIds", message: "Choose themes of this question" },
        ]);
      }
      const chosen =
        themes.length > 0
          ? themes.map((theme) => theme.id)
          : [await fallbackThemeId(tx, response.questionId, OTHER, "person")];
      await tx.responseTheme.deleteMany({ where: { responseId } });
      await tx.responseTheme.createMany({
        data: chosen.map((themeId) => ({
          responseId,
          themeId,
          source: "person",
          rationale: "Chosen by a reviewer.",
        })),
      });
      await tx.response.update({
        where: { id: responseId },
        data: { reviewed: true, unprocessed: null },
      });
      return {
        action: "response.themes_set",
        details: { response: responseId, themes: themes.map((theme) => theme.label) },
      };
    });
  }

  async markResponse(
    responseId: string,
    marks: { flagged?: boolean | undefined; reviewed?: boolean | undefined },
    actor: Actor,
  ) {
    const response = await this.db.response.findUnique({ where: { id: responseId } });
    if (!response) throw AppError.notFound("There is no such response.");
    return this.#onQuestion(
      response.questionId,
      actor,
      async (tx) => {
        await tx.response.update({ where: { id: responseId }, data: marks });
        return { action: "response.marked", details: { response: responseId, ...marks } };
      },
      { allowSignedOff: true },
    );
  }

  /** Freezes the theme set: after this, final mapping runs and themes cannot change until reopened. */
  async signOff(questionId: string, actor: Actor) {
    return this.#onQuestion(questionId, actor, async (tx) => {
      await tx.question.update({
        where: { id: questionId },
        data: { signedOffAt: new Date(), signedOffBy: actor.name },
      });
      return { action: "themes.signed_off", details: {} };
    });
  }

  async reopen(questionId: string, actor: Actor) {
    return this.#onQuestion(
      questionId,
      actor,
      async (tx) => {
        await tx.question.update({
          where: { id: questionId },
          data: { signedOffAt: null, signedOffBy: null },
        });
        return { action: "themes.reopened", details: {} };
      },
      { allowSignedOff: true },
    );
  }

  /** A question's changes as the API sends them, newest first. */
  async listChanges(questionId: string) {
    const [changes, question, themes] = await Promise.all([
      this.db.change.findMany({ where: { questionId }, orderBy: { id: "desc" }, take: 500 }),
      this.db.question.findUnique({ where: { id: questionId } }),
      this.db.theme.findMany({ where: { questionId }, select: { id: true } }),
    ]);
    const existing = new Set(themes.map((theme) => theme.id));
    const undone = new Set(
      changes
        .filter((change) => change.action === "change.undone")
        .map((change) => String((change.details as { change?: string }).change)),
    );
    return changes.map((change) => {
      const undo = undoOf(change);
      return {
        ...questionChanges.view(change),
        id: String(change.id),
        undoable:
          !!undo &&
          !undone.has(String(change.id)) &&
          !existing.has(undo.theme.id) &&
          !question?.signedOffAt,
      };
    });
  }

  /**
   * Undoes a merge or a deletion from the change log: the theme comes back with its own
   * responses, quotes, summary and place in the AI's mapping; what the merge or the move to
   * "Other" added is taken away again. Recorded as a change of its own.
   */
  async undo(questionId: string, changeId: string, actor: Actor) {
    return this.#onQuestion(questionId, actor, async (tx) => {
      const change = await tx.change.findUnique({ where: { id: BigInt(changeId) } });
      const undo = change && change.questionId === questionId ? undoOf(change) : undefined;
      if (!change || !undo) throw AppError.notFound("There is no merge or deletion to undo here.");
      const already = await tx.change.count({
        where: {
          questionId,
          action: "change.undone",
          details: { path: ["change"], equals: changeId },
        },
      });
      if (already > 0 || (await tx.theme.count({ where: { id: undo.theme.id } })) > 0) {
        throw AppError.conflict("This change has already been undone.");
      }
      const { id, label, description, stance, source, keyphrases, summary, createdAt } = undo.theme;
      await tx.theme.create({
        data: {
          id,
          questionId,
          label,
          description,
          stance,
          source,
          keyphrases,
          summary,
          createdAt: new Date(createdAt),
        },
      });
      const responses = await tx.response.findMany({
        where: { id: { in: undo.links.map((link) => link.responseId) }, questionId },
        select: { id: true },
      });
      const alive = new Set(responses.map((response) => response.id));
      if (undo.into) {
        await tx.responseTheme.deleteMany({
          where: { themeId: undo.into.id, responseId: { in: undo.into.added } },
        });
        await tx.theme.updateMany({
          where: { id: undo.into.id },
          data: { source: undo.into.source },
        });
      }
      if (undo.orphaned && undo.other) {
        await tx.responseTheme.deleteMany({
          where: { themeId: undo.other, responseId: { in: undo.orphaned }, source: "person" },
        });
        if (
          undo.otherCreated &&
          (await tx.responseTheme.count({ where: { themeId: undo.other } })) === 0
        )
          await tx.theme.deleteMany({ where: { id: undo.other } });
      }
      await tx.responseTheme.createMany({
        data: undo.links
          .filter((link) => alive.has(link.responseId))
          .map((link) => ({ ...link, themeId: id })),
        skipDuplicates: true,
      });
      for (const { id: responseId, aiThemeIds } of undo.aiThemes) {
        await tx.response.updateMany({ where: { id: responseId }, data: { aiThemeIds } });
      }
      return {
        action: "change.undone",
        details: { change: changeId, undid: change.action, theme: label },
      };
    });
  }

  /** What undoing a merge or deletion of a theme needs: the theme, its links, the AI's mapping. */
  async #undoRecord(tx: Transaction, themeId: string, intoId: string | undefined) {
    const theme = await tx.theme.findUniqueOrThrow({ where: { id: themeId } });
    const links = await tx.responseTheme.findMany({ where: { themeId } });
    const aiThemes = await tx.response.findMany({
      where: { aiThemeIds: { has: themeId } },
      select: { id: true, aiThemeIds: true },
    });
    const into = intoId ? await tx.theme.findUniqueOrThrow({ where: { id: intoId } }) : undefined;
    const already = into
      ? new Set(
          (await tx.responseTheme.findMany({ where: { themeId: into.id } })).map(
            (link) => link.responseId,
          ),
        )
      : new Set<string>();
    return {
      theme: { ...theme, createdAt: theme.createdAt.toISOString() },
      links: links.map(({ responseId, source, rationale, representative }) => ({
        responseId,
        source,
        rationale,
        representative,
      })),
      aiThemes,
      ...(into
        ? {
            into: {
              id: into.id,
              source: into.source,
              added: links.map((link) => link.responseId).filter((id) => !already.has(id)),
            },
          }
        : {}),
    };
  }

  async #onTheme(
    themeId: string,
    actor: Actor,
    work: (
      tx: Transaction,
      theme: { id: string; questionId: string; label: string },
    ) => Promise<{ action: QuestionChange; details: Prisma.InputJsonObject; result?: unknown }>,
  ) {
    const theme = await this.db.theme.findUnique({ where: { id: themeId } });
    if (!theme)
      throw AppError.notFound("There is no such theme. It may have been merged or deleted.");
    return this.#onQuestion(theme.questionId, actor, (tx) => work(tx, theme));
  }

  async #onQuestion(
    questionId: string,
    actor: Actor,
    work: (
      tx: Transaction,
    ) => Promise<{ action: QuestionChange; details: Prisma.InputJsonObject; result?: unknown }>,
    { allowSignedOff = false } = {},
  ): Promise<unknown> {
    return this.db.$transaction(async (tx) => {
      const question = await tx.question.findUnique({ where: { id: questionId } });
      if (!question) throw AppError.notFound("There is no such question.");
      if (question.signedOffAt && !allowSignedOff) {
        throw AppError.conflict(
          "The themes for this question are signed off. Reopen them to make changes.",
        );
      }
      const { action, details, result } = await work(tx);
      await tx.change.create({
        data: {
          questionId,
          ...questionChanges.entry({ action, by: { kind: "person", ...actor }, details }),
        },
      });
      return result;
    });
  }

  /**
   * Moves links from one theme to another (only `responseIds`, if given), as the reviewer's,
   * with the reviewer's reason in place of the engine's; returns whose moved.
   */
  async #moveLinks(
    tx: Transaction,
    fromId: string,
    toId: string,
    responseIds: string[] | undefined,
    { keepQuotes, rationale }: { keepQuotes: boolean; rationale: string },
  ): Promise<string[]> {
    const links = await tx.responseTheme.findMany({
      where: { themeId: fromId, ...(responseIds ? { responseId: { in: responseIds } } : {}) },
    });
    await tx.responseTheme.deleteMany({
      where: { themeId: fromId, responseId: { in: links.map((link) => link.responseId) } },
    });
    await tx.responseTheme.createMany({
      data: links.map((link) => ({
        responseId: link.responseId,
        themeId: toId,
        source: "person",
        rationale,
        representative: keepQuotes && link.representative,
      })),
      skipDuplicates: true,
    });
    return links.map((link) => link.responseId);
  }
}

/** What a merge or deletion recorded for its undoing (changes from before undo have none). */
interface UndoRecord {
  theme: {
    id: string;
    label: string;
    description: string;
    stance: string;
    source: string;
    keyphrases: string[];
    summary: string | null;
    createdAt: string;
  };
  links: { responseId: string; source: string; rationale: string; representative: boolean }[];
  aiThemes: { id: string; aiThemeIds: string[] }[];
  into?: { id: string; source: string; added: string[] };
  orphaned?: string[];
  other?: string;
  otherCreated?: boolean;
}

function undoOf(change: { action: string; details: unknown }): UndoRecord | undefined {
  if (change.action !== "theme.merged" && change.action !== "theme.deleted") return undefined;
  return (change.details as { undo?: UndoRecord }).undo;
}
