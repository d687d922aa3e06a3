import type { ToolRoutes, UserClaims } from "@bernard/toolkit";
import { z } from "zod";
import { consultationGuards } from "../plugins/consultation-access.js";
import type { ToolDatabase } from "../services/database.js";
import { demographicOptions, listResponses, responseDetails } from "../services/responses.js";
import { Review, type Actor } from "../services/review.js";

const id = (what: string) => z.object({ id: z.uuid(`There is no such ${what}`) });
const label = z
  .string()
  .trim()
  .min(1, "Enter a label")
  .max(80, "Keep the label to 80 characters or fewer");
const description = z.string().trim().max(500, "Keep the description to 500 characters or fewer");

/** A query value that may be given once or repeated (`theme=a&theme=b`). */
const repeated = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value: unknown): unknown[] =>
      value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value],
    z.array(item).max(50),
  );
const yesNo = z
  .enum(["yes", "no", ""], "Choose yes or no")
  .optional()
  .transform((value) => (value === "yes" ? true : value === "no" ? false : undefined));
const responseFilters = z.object({
  theme: repeated(z.uuid("Choose themes from the list")),
  match: z.enum(["all", "any"]).default("any"),
  stance: z.enum(["support", "oppose", "neutral", ""]).optional(),
  evidence: yesNo,
  reviewed: yesNo,
  flagged: yesNo,
  unprocessed: yesNo,
  q: z.string().trim().max(200, "Search for 200 characters or fewer").optional(),
  demographic: repeated(z.string().regex(/^[^:]+:.*$/, "Choose a group from the list")),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

const actor = (request: { user: UserClaims | null }): Actor => ({
  id: request.user!.sub,
  name: request.user!.name,
});

/** Experts review a question's themes: edit, add, merge, split, delete, re-map, flag, sign off. */
export function reviewRoutes(db: ToolDatabase): ToolRoutes {
  const review = new Review(db);
  const { canSee } = consultationGuards(db);
  return async (api) => {
    api.get(
      "/questions/:id/responses",
      {
        preValidation: canSee("question"),
        schema: { params: id("question"), querystring: responseFilters },
      },
      async (request) => {
        const query = request.query;
        return listResponses(db, request.params.id, {
          themeIds: query.theme,
          match: query.match,
          stance: query.stance || undefined,
          evidenceRich: query.evidence,
          reviewed: query.reviewed,
          flagged: query.flagged,
          unprocessed: query.unprocessed,
          search: query.q || undefined,
          demographics: Object.fromEntries(
            query.demographic.map((pair) => {
              const colon = pair.indexOf(":");
              return [pair.slice(0, colon), pair.slice(colon + 1)];
            }),
          ),
          page: query.page,
        });
      },
    );

    api.get(
      "/questions/:id/demographics",
      { preValidation: canSee("question"), schema: { params: id("question") } },
      async (request) => demographicOptions(db, request.params.id),
    );

    api.get(
      "/responses/:id",
      { preValidation: canSee("response"), schema: { params: id("response") } },
      async (request) => responseDetails(db, request.params.id),
    );

    api.patch(
      "/themes/:id",
      {
        preValidation: canSee("theme"),
        schema: {
          params: id("theme"),
          body: z.object({ label: label.optional(), description: description.optional() }),
        },
      },
      async (request, reply) => {
        await review.editTheme(request.params.id, request.body, actor(request));
        return reply.code(204).send();
      },
    );

    api.post(
      "/questions/:id/themes",
      {
        preValidation: canSee("question"),
        schema: {
          params: id("question"),
          body: z.object({
            label,
            description: description.default(""),
            stance: z.enum(["support", "oppose", "neutral"]).default("neutral"),
          }),
          response: { 201: z.object({ id: z.string() }) },
        },
      },
      async (request, reply) =>
        reply.code(201).send({
          id: (await review.addTheme(request.params.id, request.body, actor(request))) as string,
        }),
    );

    api.post(
      "/themes/:id/merge",
      {
        preValidation: canSee("theme"),
        schema: {
          params: id("theme"),
          body: z.object({ intoThemeId: z.uuid("Choose a theme to merge into") }),
        },
      },
      async (request, reply) => {
        await review.mergeThemes(request.params.id, request.body.intoThemeId, actor(request));
        return reply.code(204).send();
      },
    );

    api.post(
      "/themes/:id/move",
      {
        preValidation: canSee("theme"),
        schema: {
          params: id("theme"),
          body: z.object({
            toThemeId: z.uuid("Choose a theme to move the responses to"),
            responseIds: z
              .array(z.uuid())
              .min(1, "Choose at least one response to move")
              .max(10_000),
          }),
        },
      },
      async (request, reply) => {
        await review.moveResponses(
          request.params.id,
          request.body.toThemeId,
          request.body.responseIds,
          actor(request),
        );
        return reply.code(204).send();
      },
    );

    api.delete(
      "/themes/:id",
      { preValidation: canSee("theme"), schema: { params: id("theme") } },
      async (request, reply) => {
        await review.deleteTheme(request.params.id, actor(request));
        return reply.code(204).send();
      },
    );

    api.put(
      "/responses/:id/themes",
      {
        preValidation: canSee("response"),
        schema: { params: id("response"), body: z.object({ themeIds: z.array(z.uuid()).max(50) }) },
      },
      async (request, reply) => {
        await review.setResponseThemes(request.params.id, request.body.themeIds, actor(request));
        return reply.code(204).send();
      },
    );

    api.patch(
      "/responses/:id",
      {
        preValidation: canSee("response"),
        schema: {
          params: id("response"),
          body: z.object({ flagged: z.boolean().optional(), reviewed: z.boolean().optional() }),
        },
      },
      async (request, reply) => {
        await review.markResponse(request.params.id, request.body, actor(request));
        return reply.code(204).send();
      },
    );

    api.post(
      "/questions/:id/reopen",
      { preValidation: canSee("question"), schema: { params: id("question") } },
      async (request, reply) => {
        await review.reopen(request.params.id, actor(request));
        return reply.code(204).send();
      },
    );

    api.get(
      "/questions/:id/changes",
      {
        preValidation: canSee("question"),
        schema: {
          params: id("question"),
          response: {
            200: z.array(
              z.object({
                at: z.string(),
                actorName: z.string(),
                source: z.string(),
                action: z.string(),
                details: z.record(z.string(), z.unknown()),
              }),
            ),
          },
        },
      },
      async (request) => review.listChanges(request.params.id),
    );
  };
}
