import {
  actionRowSchema,
  changeSchema,
  commentSchema,
  draftEstimateSchema,
  engineChoiceSchema,
  meetingSchema,
  meSchema,
  retentionSchema,
  templateDetailsSchema,
  templateSummarySchema,
  turnSchema,
  versionSchema,
  versionSummarySchema,
  type ActionListQuery,
} from "@bernard/minutes-contract";
import { createApiClient, queryOptions } from "@bernard/ui";
import { z } from "zod";

export const BASE = "/tools/minutes/";
export const API = "/tools/minutes/api";
export const TOOL_NAME = "Minute summariser";
/** The sharing choices' words, wherever a meeting's sharing is chosen. */
export const SHARING = {
  toolName: TOOL_NAME,
  legend: "Who else can see the meeting and comment on its minutes?",
};

/** The summariser's API; replies are parsed with the contract's schemas. */
export const api = createApiClient(API);

/** Query keys nest (`["meeting", id, …]`), so a change to a meeting refreshes all that is shown of it. */
export const keys = {
  meetings: ["meetings"] as const,
  meeting: (id: string) => ["meeting", id] as const,
  templates: ["templates"] as const,
};

export const queries = {
  /** Whether an AI model is there for AI edits (the portal decides which). */
  engine: () =>
    queryOptions({
      queryKey: ["engine"],
      queryFn: ({ signal }) => api.get("/engine", engineChoiceSchema, { signal }),
    }),
  /** What drafting a meeting's minutes is likely to take with each engine. */
  draftEstimate: (id: string) =>
    queryOptions({
      queryKey: [...keys.meeting(id), "draft-estimate"],
      queryFn: ({ signal }) =>
        api.get(`/meetings/${id}/draft-estimate`, draftEstimateSchema, { signal }),
    }),
  me: () =>
    queryOptions({
      queryKey: ["me"],
      queryFn: ({ signal }) => api.get("/me", meSchema, { signal }),
    }),
  templates: () =>
    queryOptions({
      queryKey: [...keys.templates, "list"],
      queryFn: ({ signal }) => api.get("/templates", z.array(templateSummarySchema), { signal }),
    }),
  template: (id: string) =>
    queryOptions({
      queryKey: [...keys.templates, id],
      queryFn: ({ signal }) => api.get(`/templates/${id}`, templateDetailsSchema, { signal }),
    }),
  meetings: () =>
    queryOptions({
      queryKey: keys.meetings,
      queryFn: ({ signal }) => api.get("/meetings", z.array(meetingSchema), { signal }),
    }),
  meeting: (id: string) =>
    queryOptions({
      queryKey: [...keys.meeting(id), "details"],
      queryFn: ({ signal }) => api.get(`/meetings/${id}`, meetingSchema, { signal }),
    }),
  turns: (id: string) =>
    queryOptions({
      queryKey: [...keys.meeting(id), "turns"],
      queryFn: ({ signal }) => api.get(`/meetings/${id}/turns`, z.array(turnSchema), { signal }),
    }),
  minutes: (id: string) =>
    queryOptions({
      queryKey: [...keys.meeting(id), "minutes"],
      queryFn: ({ signal }) => api.get(`/meetings/${id}/minutes`, versionSchema, { signal }),
    }),
  version: (id: string, number: number) =>
    queryOptions({
      queryKey: [...keys.meeting(id), "versions", number],
      queryFn: ({ signal }) =>
        api.get(`/meetings/${id}/versions/${number}`, versionSchema, { signal }),
    }),
  versions: (id: string) =>
    queryOptions({
      queryKey: [...keys.meeting(id), "versions"],
      queryFn: ({ signal }) =>
        api.get(`/meetings/${id}/versions`, z.array(versionSummarySchema), { signal }),
    }),
  comments: (id: string) =>
    queryOptions({
      queryKey: [...keys.meeting(id), "comments"],
      queryFn: ({ signal }) =>
        api.get(`/meetings/${id}/comments`, z.array(commentSchema), { signal }),
    }),
  changes: (id: string) =>
    queryOptions({
      queryKey: [...keys.meeting(id), "changes"],
      queryFn: ({ signal }) =>
        api.get(`/meetings/${id}/changes`, z.array(changeSchema), { signal }),
    }),
  actions: (query: ActionListQuery) =>
    queryOptions({
      queryKey: ["actions", query.scope, query.filter],
      queryFn: ({ signal }) =>
        api.get(`/actions?${new URLSearchParams(query)}`, z.array(actionRowSchema), { signal }),
    }),
  retention: () =>
    queryOptions({
      queryKey: ["settings", "retention"],
      queryFn: ({ signal }) => api.get("/settings/retention", retentionSchema, { signal }),
    }),
};

/** How long transcripts are kept, in words. */
export const RETENTION_WORDS = {
  none: "Not kept: deleted at the next daily purge",
  "7": "7 days",
  "30": "30 days",
  "90": "90 days",
  keep: "Kept until the meeting is deleted",
} as const;
