export interface PortalStatus {
  service: string;
  version: string;
  installation: { id: string; installedAt: string } | null;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: "user" | "admin";
}

export interface Session {
  user: SessionUser;
  csrfToken: string;
}

/** The portal's error envelope, with the field each problem is about. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: { field: string; message: string }[],
  ) {
    super(message);
  }
}

/** What to tell the person when a request failed: the API's own message, or that it was unreachable. */
export function errorMessage(error: unknown): string {
  return error instanceof ApiError ? error.message : "Bernard could not be reached. Try again.";
}

/**
 * The problems to show against a form's fields: the API's per-field messages; else its one
 * message against `fallback`; or, when Bernard could not be reached, that against the first field.
 */
export function fieldProblems<Field extends string>(
  error: unknown,
  fields: readonly Field[],
  fallback: Field,
): { field: Field; message: string }[] {
  if (!(error instanceof ApiError)) return [{ field: fields[0]!, message: errorMessage(error) }];
  const matching = error.fields.filter((problem): problem is { field: Field; message: string } =>
    (fields as readonly string[]).includes(problem.field),
  );
  return matching.length > 0 ? matching : [{ field: fallback, message: error.message }];
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: {
      accept: "application/json",
      ...(init.body ? { "content-type": "application/json" } : {}),
      ...init.headers,
    },
  });
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => ({}))) as {
    error?: { code: string; message: string; details?: unknown };
  };
  if (!response.ok) {
    const details = Array.isArray(body.error?.details)
      ? (body.error.details as { field: string; message: string }[])
      : [];
    throw new ApiError(
      response.status,
      body.error?.code ?? "UNKNOWN",
      body.error?.message ?? "Something went wrong. Try again.",
      details.map((detail) => ({
        field: detail.field.replace(/^body\./, ""),
        message: detail.message,
      })),
    );
  }
  return body as T;
}

export const fetchStatus = (signal?: AbortSignal) =>
  request<PortalStatus>("/api/status", { signal: signal ?? null });

/** The current session, or undefined when nobody is signed in. */
export async function fetchSession(): Promise<Session | undefined> {
  try {
    return await request<Session>("/api/session");
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return undefined;
    throw error;
  }
}

export const signIn = (email: string, password: string) =>
  request<Session>("/api/session", { method: "POST", body: JSON.stringify({ email, password }) });

export const signOut = (csrfToken: string) =>
  request<undefined>("/api/session", { method: "DELETE", headers: { "x-csrf-token": csrfToken } });

export interface ManagedUser extends SessionUser {
  active: boolean;
  groups: string[];
  invited: boolean;
  createdAt: string;
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
