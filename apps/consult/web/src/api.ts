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

export interface Consultation {
  id: string;
  title: string;
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
  input: { title: string; opensOn?: string; closesOn?: string },
) => apiRequest<Consultation>(`${API}/consultations`, changing(csrfToken, "POST", input));
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
export const startAnalysis = (csrfToken: string, questionId: string) =>
  apiRequest<JobSnapshot>(
    `${API}/questions/${questionId}/analysis`,
    changing(csrfToken, "POST", { engine: "offline" }),
  );
export const fetchJob = (id: string) => apiRequest<JobSnapshot>(`${API}/jobs/${id}`);
export const listThemes = (questionId: string) =>
  apiRequest<ThemeSummary[]>(`${API}/questions/${questionId}/themes`);
export const jobEvents = (id: string) => `${API}/jobs/${id}/events`;

export const renameTheme = (
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
  apiRequest<undefined>(`${API}/questions/${questionId}/sign-off`, changing(csrfToken, "POST", {}));
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
}
export const fetchQuestion = (id: string) => apiRequest<QuestionDetails>(`${API}/questions/${id}`);
