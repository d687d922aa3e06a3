/** Talking to Bernard's APIs from a page: the portal's and every tool's share one error envelope. */
export { pageAfterSignIn } from "@bernard/auth/local-path";

/** An API's error envelope, with the field each problem is about. */
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

/** JSON in and out; a failure becomes an ApiError carrying the API's message. */
export async function apiRequest<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: {
      accept: "application/json",
      ...(typeof init.body === "string" ? { "content-type": "application/json" } : {}),
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

export interface PortalUser {
  id: string;
  email: string;
  name: string;
  role: "user" | "admin";
}

/** The portal session a page runs in: who is signed in, and the token every change must carry. */
export interface PortalSession {
  user: PortalUser;
  csrfToken: string;
}

/** The current session, or undefined when nobody is signed in. */
export async function fetchPortalSession(): Promise<PortalSession | undefined> {
  try {
    return await apiRequest<PortalSession>("/api/session");
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return undefined;
    throw error;
  }
}

/** Ends the session and shows the signed-out page. */
export function signOutOfPortal(csrfToken: string): void {
  void apiRequest<undefined>("/api/session", {
    method: "DELETE",
    headers: { "x-csrf-token": csrfToken },
  }).finally(() => window.location.assign("/signed-out"));
}

/** Sends the browser to sign in, and back to this page afterwards. */
export function redirectToSignIn(): void {
  const here = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/sign-in?next=${encodeURIComponent(here)}`);
}
