import { apiRequest } from "@bernard/ui";

export const BASE = "/tools/consult/";
export const API = "/tools/consult/api";

export interface Question {
  id: string;
  number: number;
  text: string;
  hasClosedPart: boolean;
  responses: number;
}

/** Who besides its owner may see a consultation. */
export interface Sharing {
  openToEveryone: boolean;
  sharedWith: string[];
}

export interface Consultation extends Sharing {
  id: string;
  title: string;
  ownerId: string;
  ownerName: string;
  opensOn: string | null;
  closesOn: string | null;
  respondents: number;
  questions: Question[];
}

export interface UploadPreview {
  uploadId: string;
  fileName: string;
  format: "csv" | "xlsx" | "jsonl";
  encoding?: string;
  columns: string[];
  rows: Record<string, string>[];
}

export interface ColumnMapping {
  respondentId?: string;
  questions: { questionId: string; column: string; closedColumn?: string }[];
  demographics: string[];
}

export interface ImportSummary {
  rows: number;
  respondents: number;
  alreadyImported: number;
  answers: number;
  emptyAnswers: Record<string, number>;
  problemCounts: Record<string, number>;
  problems: { rowNumber: number; kind: string; message: string }[];
}

export interface JobSnapshot {
  id: string;
  state: string;
  result: unknown;
  error: string | null;
}

export interface ThemeSummary {
  id: string;
  label: string;
  description: string;
  stance: string;
  count: number;
  percent: number;
  stances: { support: number; oppose: number; neutral: number };
  representatives: { id: string; text: string }[];
  summary: string | null;
}

const changing = (csrfToken: string, method: string, body?: unknown): RequestInit => ({
  method,
  headers: { "x-csrf-token": csrfToken },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

export const listConsultations = () => apiRequest<Consultation[]>(`${API}/consultations`);
export const fetchConsultation = (id: string) =>
  apiRequest<Consultation>(`${API}/consultations/${id}`);
export const createConsultation = (
  csrfToken: string,
  input: { title: string; opensOn?: string; closesOn?: string } & Sharing,
) => apiRequest<Consultation>(`${API}/consultations`, changing(csrfToken, "POST", input));
export const shareConsultation = (csrfToken: string, id: string, sharing: Sharing) =>
  apiRequest<Consultation>(
    `${API}/consultations/${id}/sharing`,
    changing(csrfToken, "PUT", sharing),
  );
export const fetchMe = () =>
  apiRequest<{ id: string; name: string; groups: string[] }>(`${API}/me`);
export const addQuestion = (
  csrfToken: string,
  id: string,
  input: { text: string; hasClosedPart: boolean },
) =>
  apiRequest<Consultation>(
    `${API}/consultations/${id}/questions`,
    changing(csrfToken, "POST", input),
  );

export const uploadFile = (csrfToken: string, consultationId: string, file: File) => {
  const form = new FormData();
  form.set("file", file, file.name);
  return apiRequest<UploadPreview>(`${API}/consultations/${consultationId}/uploads`, {
    method: "POST",
    headers: { "x-csrf-token": csrfToken },
    body: form,
  });
};
export const startImport = (csrfToken: string, uploadId: string, mapping: ColumnMapping) =>
  apiRequest<JobSnapshot>(
    `${API}/uploads/${uploadId}/import`,
    changing(csrfToken, "POST", { mapping }),
  );
export type Engine = "offline" | "model";
export const startAnalysis = (csrfToken: string, questionId: string, engine: Engine) =>
  apiRequest<JobSnapshot>(
    `${API}/questions/${questionId}/analysis`,
    changing(csrfToken, "POST", { engine }),
  );

export interface AnalysisEstimate {
  responses: number;
  offline: { seconds: number };
  model:
    | { available: false; reason: string }
    | {
        available: true;
        model: string;
        requests: number;
        promptTokens: number;
        completionTokens: number;
        costUsd: number | null;
        minutes: number;
      };
}
export const fetchEstimate = (questionId: string) =>
  apiRequest<AnalysisEstimate>(`${API}/questions/${questionId}/analysis/estimate`);

export interface Evaluation {
  reviewed: number;
  changed: number;
  f1: { value: number; low: number; high: number } | null;
}
export const fetchEvaluation = (questionId: string) =>
  apiRequest<Evaluation>(`${API}/questions/${questionId}/evaluation`);

export interface ResponseRow {
  id: string;
  respondent: string;
  text: string;
  closed: string | null;
  stance: string | null;
  evidenceRich: boolean | null;
  flagged: boolean;
  reviewed: boolean;
  unprocessed: string | null;
  themes: { id: string; label: string }[];
}
export interface ResponsePage {
  total: number;
  page: number;
  pageSize: number;
  responses: ResponseRow[];
}
/** `query` is the page's own query string: the filters travel in the address. */
export const listResponses = (questionId: string, query: string) =>
  apiRequest<ResponsePage>(`${API}/questions/${questionId}/responses?${query}`);
export const listDemographics = (questionId: string) =>
  apiRequest<{ field: string; values: string[] }[]>(`${API}/questions/${questionId}/demographics`);

export interface ResponseDetails {
  id: string;
  /** The next response in file order that no one has reviewed. */
  nextToReview: string | null;
  question: { id: string; number: number; text: string; signedOff: boolean };
  respondent: string;
  rowNumber: number;
  demographics: Record<string, string>;
  text: string;
  closed: string | null;
  stance: string | null;
  evidenceRich: boolean | null;
  evidenceReason: string | null;
  flagged: boolean;
  reviewed: boolean;
  unprocessed: string | null;
  themes: { id: string; label: string; source: string; rationale: string }[];
  choices: { id: string; label: string; stance: string }[];
}
export const fetchResponse = (id: string) => apiRequest<ResponseDetails>(`${API}/responses/${id}`);
export const setResponseThemes = (csrfToken: string, id: string, themeIds: string[]) =>
  apiRequest<undefined>(`${API}/responses/${id}/themes`, changing(csrfToken, "PUT", { themeIds }));
export const markResponse = (
  csrfToken: string,
  id: string,
  marks: { flagged?: boolean; reviewed?: boolean },
) => apiRequest<undefined>(`${API}/responses/${id}`, changing(csrfToken, "PATCH", marks));
export const moveResponses = (
  csrfToken: string,
  themeId: string,
  toThemeId: string,
  responseIds: string[],
) =>
  apiRequest<undefined>(
    `${API}/themes/${themeId}/move`,
    changing(csrfToken, "POST", { toThemeId, responseIds }),
  );
export const addTheme = (
  csrfToken: string,
  questionId: string,
  theme: { label: string; description: string; stance: string },
) =>
  apiRequest<{ id: string }>(
    `${API}/questions/${questionId}/themes`,
    changing(csrfToken, "POST", theme),
  );
export const fetchJob = (id: string) => apiRequest<JobSnapshot>(`${API}/jobs/${id}`);
export const cancelJob = (csrfToken: string, id: string) =>
  apiRequest<JobSnapshot>(`${API}/jobs/${id}/cancel`, changing(csrfToken, "POST", {}));
export const listThemes = (questionId: string) =>
  apiRequest<ThemeSummary[]>(`${API}/questions/${questionId}/themes`);
export const jobEvents = (id: string) => `${API}/jobs/${id}/events`;

export const editTheme = (
  csrfToken: string,
  themeId: string,
  change: { label?: string; description?: string },
) => apiRequest<undefined>(`${API}/themes/${themeId}`, changing(csrfToken, "PATCH", change));
export const mergeTheme = (csrfToken: string, themeId: string, intoThemeId: string) =>
  apiRequest<undefined>(
    `${API}/themes/${themeId}/merge`,
    changing(csrfToken, "POST", { intoThemeId }),
  );
export const deleteTheme = (csrfToken: string, themeId: string) =>
  apiRequest<undefined>(`${API}/themes/${themeId}`, changing(csrfToken, "DELETE"));
export const signOff = (csrfToken: string, questionId: string) =>
  apiRequest<JobSnapshot>(
    `${API}/questions/${questionId}/sign-off`,
    changing(csrfToken, "POST", {}),
  );
export const reopen = (csrfToken: string, questionId: string) =>
  apiRequest<undefined>(`${API}/questions/${questionId}/reopen`, changing(csrfToken, "POST", {}));

export interface Change {
  at: string;
  actorName: string;
  source: string;
  action: string;
  details: Record<string, unknown>;
}
export const listChanges = (questionId: string) =>
  apiRequest<Change[]>(`${API}/questions/${questionId}/changes`);

export interface QuestionDetails {
  id: string;
  number: number;
  text: string;
  consultationId: string;
  consultationTitle: string;
  responses: number;
  analysedAt: string | null;
  signedOffAt: string | null;
  signedOffBy: string | null;
  analysedWith: string | null;
  finalMappedAt: string | null;
  analysisReport: {
    engine?: string;
    unprocessed?: number;
    stability?: {
      previousThemes: number;
      themes: number;
      kept: number;
      added: number;
      removed: number;
    };
  } | null;
  unprocessed: number;
}
export const fetchQuestion = (id: string) => apiRequest<QuestionDetails>(`${API}/questions/${id}`);

export interface ExportRecord {
  at: string;
  actorName: string;
  format: string;
}
export const listExports = (consultationId: string) =>
  apiRequest<ExportRecord[]>(`${API}/consultations/${consultationId}/exports`);
