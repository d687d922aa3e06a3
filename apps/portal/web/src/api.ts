import { apiRequest as request, type PortalSession as Session, type PortalUser } from "@bernard/ui";

export interface PortalStatus {
  service: string;
  version: string;
  installation: { id: string; installedAt: string } | null;
}

export const fetchStatus = (signal?: AbortSignal) =>
  request<PortalStatus>("/api/status", { signal: signal ?? null });

export const fetchSignInMethods = () =>
  request<{ singleSignOn: { label: string } | null }>("/api/sign-in/methods");

export const signIn = (email: string, password: string) =>
  request<Session>("/api/session", { method: "POST", body: JSON.stringify({ email, password }) });

export interface ManagedUser extends PortalUser {
  active: boolean;
  groups: string[];
  invited: boolean;
  createdAt: string;
  /** Until when signing in is throttled after many wrong passwords, else null. */
  signInThrottledUntil: string | null;
}

export const listUsers = () => request<ManagedUser[]>("/api/admin/users");

export const inviteUser = (
  csrfToken: string,
  input: { email: string; name: string; role: "user" | "admin" },
) =>
  request<{ email: string; link: string; expiresAt: string }>("/api/admin/users/invitations", {
    method: "POST",
    headers: { "x-csrf-token": csrfToken },
    body: JSON.stringify(input),
  });

export const changeUser = (
  csrfToken: string,
  id: string,
  change: { role?: "user" | "admin"; active?: boolean },
) =>
  request<ManagedUser>(`/api/admin/users/${id}`, {
    method: "PATCH",
    headers: { "x-csrf-token": csrfToken },
    body: JSON.stringify(change),
  });

export const describeInvitation = (token: string) =>
  request<{ email: string; name: string }>(`/api/invitations/${encodeURIComponent(token)}`);

export const acceptInvitation = (token: string, password: string) =>
  request<undefined>(`/api/invitations/${encodeURIComponent(token)}/accept`, {
    method: "POST",
    body: JSON.stringify({ password }),
  });

export interface AuditPage {
  total: number;
  page: number;
  pageSize: number;
  events: {
    id: string;
    at: string;
    action: string;
    actorEmail: string | null;
    target: string | null;
    ip: string | null;
  }[];
}

export const searchAudit = (query: string) => request<AuditPage>(`/api/admin/audit?${query}`);

export const resetPassword = (csrfToken: string, id: string) =>
  request<{ email: string; link: string; expiresAt: string }>(
    `/api/admin/users/${id}/password-reset`,
    {
      method: "POST",
      headers: { "x-csrf-token": csrfToken },
    },
  );

export const unlockSignIn = (csrfToken: string, id: string) =>
  request<undefined>(`/api/admin/users/${id}/unlock`, {
    method: "POST",
    headers: { "x-csrf-token": csrfToken },
  });

export const changePassword = (csrfToken: string, currentPassword: string, newPassword: string) =>
  request<undefined>("/api/session/password", {
    method: "POST",
    headers: { "x-csrf-token": csrfToken },
    body: JSON.stringify({ currentPassword, newPassword }),
  });

export interface Group {
  id: string;
  name: string;
  members: number;
}

export const listGroups = () => request<Group[]>("/api/admin/groups");

export const createGroup = (csrfToken: string, name: string) =>
  request<Group>("/api/admin/groups", {
    method: "POST",
    headers: { "x-csrf-token": csrfToken },
    body: JSON.stringify({ name }),
  });

export const setUserGroups = (csrfToken: string, userId: string, groupIds: string[]) =>
  request<{ groups: string[] }>(`/api/admin/users/${userId}/groups`, {
    method: "PUT",
    headers: { "x-csrf-token": csrfToken },
    body: JSON.stringify({ groupIds }),
  });

export interface CatalogueEntry {
  id: string;
  name: string;
  description: string;
  href: string;
}

export const fetchCatalogue = () => request<CatalogueEntry[]>("/api/tools");

export interface ManagedTool extends CatalogueEntry {
  version: string | null;
  enabled: boolean;
  openToEveryone: boolean;
  groups: { id: string; name: string }[];
  status: { state: "healthy" | "unreachable" | "misconfigured"; reason?: string };
  llmModel: string | null;
  llmDailyTokens: number | null;
}

export const listTools = () => request<ManagedTool[]>("/api/admin/tools");

export const fetchTool = (id: string) =>
  request<ManagedTool>(`/api/admin/tools/${encodeURIComponent(id)}`);

export const changeTool = (
  csrfToken: string,
  id: string,
  settings: {
    enabled: boolean;
    openToEveryone: boolean;
    groupIds: string[];
    llmModel: string | null;
    llmDailyTokens: number | null;
  },
) =>
  request<ManagedTool>(`/api/admin/tools/${encodeURIComponent(id)}`, {
    method: "PUT",
    headers: { "x-csrf-token": csrfToken },
    body: JSON.stringify(settings),
  });

export interface ModelSettings {
  /** The provider's kind, or null when no model is configured. */
  provider: string | null;
  models: string[];
  userDailyTokens: number;
}

export const fetchModelSettings = () => request<ModelSettings>("/api/admin/llm");

export const changeUserDailyTokens = (csrfToken: string, userDailyTokens: number) =>
  request<undefined>("/api/admin/llm", {
    method: "PUT",
    headers: { "x-csrf-token": csrfToken },
    body: JSON.stringify({ userDailyTokens }),
  });

export interface UsageTotal {
  key: string;
  calls: number;
  tokens: number;
  costUsd: number;
}

export interface UsageReport {
  from: string;
  to: string;
  byDay: UsageTotal[];
  byTool: UsageTotal[];
  byUser: UsageTotal[];
  total: UsageTotal;
}

export const fetchUsage = (query: string) => request<UsageReport>(`/api/admin/llm/usage?${query}`);
