import {
  failures,
  newTemplateSchema,
  noContent,
  templateDetailsSchema,
  templateParams as params,
  templateSummarySchema,
} from "@bernard/minutes-contract";
import type { ToolRoutes } from "@bernard/toolkit";
import { z } from "zod";
import { templateGuards } from "../services/access.js";
import type { ToolDatabase } from "../services/database.js";
import {
  createTemplate,
  deleteTemplate,
  findTemplate,
  listTemplates,
  updateTemplate,
} from "../services/templates.js";
import { personOf } from "@bernard/toolkit/sharing";

/** Someone else's template, or everyone's for a person who is not an admin. */
const refusals = { ...failures, 403: failures[404] };

/** Templates: the built-in ones, everyone's (an admin's) and each person's own. */
export function templateRoutes(db: ToolDatabase): ToolRoutes {
  const { canSee } = templateGuards(db);
  return async (api) => {
    api.get(
      "/templates",
      { schema: { response: { 200: z.array(templateSummarySchema), ...failures } } },
      async (request) => listTemplates(db, personOf(request.user!)),
    );

    api.post(
      "/templates",
      {
        schema: { body: newTemplateSchema, response: { 201: templateDetailsSchema, ...refusals } },
      },
      async (request, reply) =>
        reply.code(201).send(await createTemplate(db, request.body, personOf(request.user!))),
    );

    api.get(
      "/templates/:id",
      {
        preValidation: canSee("template"),
        schema: { params, response: { 200: templateDetailsSchema, ...failures } },
      },
      async (request) => findTemplate(db, request.params.id, personOf(request.user!)),
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
      async (request) =>
        updateTemplate(db, request.params.id, request.body, personOf(request.user!)),
    );

    api.delete(
      "/templates/:id",
      {
        preValidation: canSee("template"),
        schema: { params, response: { 204: noContent, ...refusals } },
      },
      async (request, reply) => {
        await deleteTemplate(db, request.params.id, personOf(request.user!));
        return reply.code(204).send();
      },
    );
  };
}
