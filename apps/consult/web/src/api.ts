import {
  analysisEstimateSchema,
  consultationSchema,
  demographicsSchema,
  evaluationSchema,
  exportRecordSchema,
  meSchema,
  questionChangeSchema,
  questionDetailsSchema,
  responseDetailsSchema,
  responsePageSchema,
  themeSummarySchema,
} from "@bernard/consult-contract";
import { createApiClient, queryOptions } from "@bernard/ui";
import { z } from "zod";

export const BASE = "/tools/consult/";
export const API = "/tools/consult/api";
export const TOOL_NAME = "Consultation sorter";
/** The sharing choices' words, wherever a consultation's sharing is chosen. */
export const SHARING = { toolName: TOOL_NAME, legend: "Who else can see and work on it?" };

/** The sorter's API; replies are parsed with the contract's schemas. */
export const api = createApiClient(API);

/**
 * What the pages read, by query key. Keys nest (`["question", id, …]`), so a change to a
 * question's themes refreshes everything shown about that question and nothing else.
 */
export const keys = {
  consultations: ["consultations"] as const,
  consultation: (id: string) => ["consultation", id] as const,
  question: (id: string) => ["question", id] as const,
  response: (id: string) => ["response", id] as const,
};

export const queries = {
  consultations: () =>
    queryOptions({
      queryKey: keys.consultations,
      queryFn: ({ signal }) => api.get("/consultations", z.array(consultationSchema), { signal }),
    }),
  consultation: (id: string) =>
    queryOptions({
      queryKey: [...keys.consultation(id), "details"],
      queryFn: ({ signal }) => api.get(`/consultations/${id}`, consultationSchema, { signal }),
    }),
  exports: (id: string) =>
    queryOptions({
      queryKey: [...keys.consultation(id), "exports"],
      queryFn: ({ signal }) =>
        api.get(`/consultations/${id}/exports`, z.array(exportRecordSchema), { signal }),
    }),
  me: () =>
    queryOptions({
      queryKey: ["me"],
      queryFn: ({ signal }) => api.get("/me", meSchema, { signal }),
    }),
  question: (id: string) =>
    queryOptions({
      queryKey: [...keys.question(id), "details"],
      queryFn: ({ signal }) => api.get(`/questions/${id}`, questionDetailsSchema, { signal }),
    }),
  themes: (questionId: string) =>
    queryOptions({
      queryKey: [...keys.question(questionId), "themes"],
      queryFn: ({ signal }) =>
        api.get(`/questions/${questionId}/themes`, z.array(themeSummarySchema), { signal }),
    }),
  changes: (questionId: string) =>
    queryOptions({
      queryKey: [...keys.question(questionId), "changes"],
      queryFn: ({ signal }) =>
        api.get(`/questions/${questionId}/changes`, z.array(questionChangeSchema), { signal }),
    }),
  evaluation: (questionId: string) =>
    queryOptions({
      queryKey: [...keys.question(questionId), "evaluation"],
      queryFn: ({ signal }) =>
        api.get(`/questions/${questionId}/evaluation`, evaluationSchema, { signal }),
    }),
  estimate: (questionId: string) =>
    queryOptions({
      queryKey: [...keys.question(questionId), "estimate"],
      queryFn: ({ signal }) =>
        api.get(`/questions/${questionId}/analysis/estimate`, analysisEstimateSchema, { signal }),
    }),
  demographics: (questionId: string) =>
    queryOptions({
      queryKey: [...keys.question(questionId), "demographics"],
      queryFn: ({ signal }) =>
        api.get(`/questions/${questionId}/demographics`, demographicsSchema, { signal }),
    }),
  /** `search` is the page's own query string: the filters travel in the address. */
  responses: (questionId: string, search: string) =>
    queryOptions({
      queryKey: [...keys.question(questionId), "responses", search],
      queryFn: ({ signal }) =>
        api.get(`/questions/${questionId}/responses?${search}`, responsePageSchema, { signal }),
    }),
  response: (id: string) =>
    queryOptions({
      queryKey: keys.response(id),
      queryFn: ({ signal }) => api.get(`/responses/${id}`, responseDetailsSchema, { signal }),
    }),
};
