import {
  caseSchema,
  caseSummarySchema,
  changeSchema,
  commentSchema,
  currentDraftSchema,
  dashboardSchema,
  draftEstimateSchema,
  lineSchema,
  meSchema,
  retrievalSchema,
  settingsSchema,
  currentLogoSchema,
  versionSchema,
  versionSummarySchema,
  type LineListQuery,
} from "@bernard/letters-contract";
import { createApiClient, queryOptions } from "@bernard/ui";
import { z } from "zod";

export const BASE = "/tools/letters/";
export const TOOL_NAME = "Letter drafter";

/** The drafter's API: it adds the portal's CSRF token to every change and parses each reply. */
export const api = createApiClient("/tools/letters/api");

/** Query keys nest (`["case", id, …]`), so a change to a case refreshes all that is shown of it. */
export const keys = {
  cases: ["cases"] as const,
  case: (id: string) => ["case", id] as const,
  lines: ["lines"] as const,
};

const get = <Schema extends z.ZodType>(
  queryKey: readonly unknown[],
  path: string,
  schema: Schema,
) => queryOptions({ queryKey, queryFn: ({ signal }) => api.get(path, schema, { signal }) });

export const queries = {
  me: () => get(["me"], "/me", meSchema),
  settings: () => get(["settings"], "/settings", settingsSchema),
  logo: () => get(["settings", "logo"], "/settings/logo", currentLogoSchema),
  dashboard: () => get([...keys.cases, "dashboard"], "/dashboard", dashboardSchema),
  cases: () => get([...keys.cases, "list"], "/cases", z.array(caseSummarySchema)),
  case: (id: string) => get([...keys.case(id), "details"], `/cases/${id}`, caseSchema),
  draft: (id: string) => get([...keys.case(id), "draft"], `/cases/${id}/draft`, currentDraftSchema),
  estimate: (id: string) =>
    get([...keys.case(id), "estimate"], `/cases/${id}/draft/estimate`, draftEstimateSchema),
  retrieval: (id: string) =>
    get([...keys.case(id), "retrieval"], `/cases/${id}/retrieval`, retrievalSchema),
  version: (id: string, number: number) =>
    get([...keys.case(id), "versions", number], `/cases/${id}/versions/${number}`, versionSchema),
  versions: (id: string) =>
    get([...keys.case(id), "versions"], `/cases/${id}/versions`, z.array(versionSummarySchema)),
  comments: (id: string) =>
    get([...keys.case(id), "comments"], `/cases/${id}/comments`, z.array(commentSchema)),
  changes: (id: string) =>
    get([...keys.case(id), "changes"], `/cases/${id}/changes`, z.array(changeSchema)),
  lines: (query: LineListQuery) =>
    get(
      [...keys.lines, query.search, query.status],
      `/lines?${new URLSearchParams(query)}`,
      z.array(lineSchema),
    ),
};
