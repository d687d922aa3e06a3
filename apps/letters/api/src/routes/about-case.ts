import { caseParams, failures } from "@bernard/letters-contract";
import type { z } from "zod";
import { caseGuards } from "../services/access.js";
import type { ToolDatabase } from "../services/database.js";

/**
 * The options of a route about one case (`/cases/:id…`): the case's access guard (whoever may
 * not see it is told "not found"), its `:id`, and besides the route's own answers the failures
 * every such route can give.
 */
export function aboutCase(db: ToolDatabase) {
  const { canSee } = caseGuards(db);
  return <
    Schema extends {
      body?: z.ZodType;
      params?: z.ZodType;
      description?: string;
      response?: Record<number, z.ZodType>;
    },
  >(
    schema: Schema,
  ) => ({
    preValidation: canSee("case"),
    schema: {
      params: caseParams,
      ...schema,
      response: { ...failures, 403: failures[404], ...schema.response },
    },
  });
}
