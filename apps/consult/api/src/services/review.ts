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
      return { action: "theme.edited", details: { theme: theme.label, ...change } };
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
      const moved = await this.#moveLinks(tx, theme.id, into.id, undefined);
      // The AI's mapping follows the merge, so agreement is measured on the themes as they are.
      await tx.$executeRaw`
        UPDATE response
        SET ai_theme_ids = ARRAY(SELECT DISTINCT unnest(array_replace(ai_theme_ids, ${theme.id}::uuid, ${into.id}::uuid)))
        WHERE ${theme.id}::uuid = ANY(ai_theme_ids)`;
      await tx.theme.delete({ where: { id: theme.id } });
      return {
        action: "theme.merged",
        details: { theme: theme.label, into: into.label, responses: moved },
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
      const moved = await this.#moveLinks(tx, theme.id, to.id, responseIds);
      return {
        action: "responses.moved",
        details: { from: theme.label, to: to.label, responses: moved },
      };
    });
  }

  /** A theme goes; responses it leaves without any theme move to "Other". */
  async deleteTheme(themeId: string, actor: Actor) {
    return this.#onTheme(themeId, actor, async (tx, theme) => {
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
        details: { theme: theme.label, movedToOther: orphaned.length },
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
    const changes = await this.db.change.findMany({
      where: { questionId },
      orderBy: { id: "desc" },
      take: 500,
    });
    return changes.map(questionChanges.view);
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

  /** Moves links from one theme to another (only `responseIds`, if given); returns how many moved. */
  async #moveLinks(
    tx: Transaction,
    fromId: string,
    toId: string,
    responseIds: string[] | undefined,
  ): Promise<number> {
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
        rationale: link.rationale,
      })),
      skipDuplicates: true,
    });
    return links.length;
  }
}
