import {
  failures,
  newTemplateSchema,
  noContent,
  templateDetailsSchema,
  templateParams as params,
  templateSummarySchema,
} from "@bernard/minutes-contract";
import type { ToolRoutes, UserClaims } from "@bernard/toolkit";
import { z } from "zod";
import { isAdmin, templateGuards } from "../services/access.js";
import type { ToolDatabase } from "../services/database.js";
import {
  createTemplate,
  deleteTemplate,
  findTemplate,
  listTemplates,
  updateTemplate,
  type TemplateUser,
} from "../services/templates.js";
import { personOf } from "./person.js";

const userOf = (request: { user: UserClaims | null }): TemplateUser => ({
  ...personOf(request),
  isAdmin: isAdmin(request.user!),
});
/** Someone else's template, or everyone's for a person who is not an admin. */
const refusals = { ...failures, 403: failures[404] };

/** Templates: the built-in ones, everyone's (an admin's) and each person's own. */
export function templateRoutes(db: ToolDatabase): ToolRoutes {
  const { canSee } = templateGuards(db);
  return async (api) => {
    api.get(
      "/templates",
      { schema: { response: { 200: z.array(templateSummarySchema), ...failures } } },
      async (request) => listTemplates(db, userOf(request)),
    );

    api.post(
      "/templates",
      {
        schema: { body: newTemplateSchema, response: { 201: templateDetailsSchema, ...refusals } },
      },
      async (request, reply) =>
        reply.code(201).send(await createTemplate(db, request.body, userOf(request))),
    );

    api.get(
      "/templates/:id",
      {
        preValidation: canSee("template"),
        schema: { params, response: { 200: templateDetailsSchema, ...failures } },
      },
      async (request) => findTemplate(db, request.params.id, userOf(request)),
    );

    api.put(
      "/templates/:id",
      {
        preValidation: canSee("template"),
        schema: {
          params,
          body: newTemplateSchema,
          response: { 200: templateDetailsSchema, ...refusals },
        },
      },
      async (request) => updateTemplate(db, request.params.id, request.body, userOf(request)),
    );

    api.delete(
      "/templates/:id",
      {
        preValidation: canSee("template"),
        schema: { params, response: { 204: noContent, ...refusals } },
      },
      async (request, reply) => {
        await deleteTemplate(db, request.params.id, userOf(request));
        return reply.code(204).send();
      },
    );
  };
}
