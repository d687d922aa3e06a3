import {
  changed,
  changeParams,
  questionChangeSchema,
  demographicsSchema,
  editThemeSchema,
  failures,
  mergeThemeSchema,
  moveResponsesSchema,
  newThemeReplySchema,
  newThemeSchema,
  questionParams,
  responseDetailsSchema,
  responseFiltersSchema,
  responseMarksSchema,
  responsePageSchema,
  responseParams,
  responseThemesSchema,
  themeParams,
} from "@bernard/consult-contract";
import type { ToolRoutes, UserClaims } from "@bernard/toolkit";
import { z } from "zod";
import { consultationGuards } from "../plugins/consultation-access.js";
import type { ToolDatabase } from "../services/database.js";
import { demographicOptions, listResponses, responseDetails } from "../services/responses.js";
import { Review, type Actor } from "../services/review.js";

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
        schema: {
          params: questionParams,
          querystring: responseFiltersSchema,
          response: { 200: responsePageSchema, ...failures },
        },
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
      {
        preValidation: canSee("question"),
        schema: { params: questionParams, response: { 200: demographicsSchema, ...failures } },
      },
      async (request) => demographicOptions(db, request.params.id),
    );

    api.get(
      "/responses/:id",
      {
        preValidation: canSee("response"),
        schema: { params: responseParams, response: { 200: responseDetailsSchema, ...failures } },
      },
      async (request) => responseDetails(db, request.params.id),
    );

    api.patch(
      "/themes/:id",
      {
        preValidation: canSee("theme"),
        schema: {
          params: themeParams,
          body: editThemeSchema,
          response: changed,
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
          params: questionParams,
          body: newThemeSchema,
          response: { 201: newThemeReplySchema, ...failures },
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
          params: themeParams,
          body: mergeThemeSchema,
          response: changed,
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
          params: themeParams,
          body: moveResponsesSchema,
          response: changed,
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
      { preValidation: canSee("theme"), schema: { params: themeParams, response: changed } },
      async (request, reply) => {
        await review.deleteTheme(request.params.id, actor(request));
        return reply.code(204).send();
      },
    );

    api.put(
      "/responses/:id/themes",
      {
        preValidation: canSee("response"),
        schema: { params: responseParams, body: responseThemesSchema, response: changed },
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
          params: responseParams,
          body: responseMarksSchema,
          response: changed,
        },
      },
      async (request, reply) => {
        await review.markResponse(request.params.id, request.body, actor(request));
        return reply.code(204).send();
      },
    );

    api.post(
      "/questions/:id/reopen",
      { preValidation: canSee("question"), schema: { params: questionParams, response: changed } },
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
          params: questionParams,
          response: { 200: z.array(questionChangeSchema), ...failures },
        },
      },
      async (request) => review.listChanges(request.params.id),
    );

    api.post(
      "/questions/:id/changes/:changeId/undo",
      { preValidation: canSee("question"), schema: { params: changeParams, response: changed } },
      async (request, reply) => {
        await review.undo(request.params.id, request.params.changeId, actor(request));
        return reply.code(204).send();
      },
    );
  };
}
