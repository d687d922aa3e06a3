/** Talking to Bernard's APIs from a page: the portal's and every tool's share one error envelope. */
import {
  errorEnvelopeSchema,
  noContent,
  portalSessionSchema,
  type PortalSession,
  type PortalUser,
} from "@bernard/toolkit/contract";
import { z } from "zod";

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

const fieldDetails = z.array(z.object({ field: z.string(), message: z.string() }));

/** The ApiError for a failed reply, from its error envelope when it has one. */
function failure(status: number, body: unknown): ApiError {
  const envelope = errorEnvelopeSchema.safeParse(body);
  if (!envelope.success)
    return new ApiError(status, "UNKNOWN", "Something went wrong. Try again.", []);
  const details = fieldDetails.safeParse(envelope.data.error.details);
  return new ApiError(
    status,
    envelope.data.error.code,
    envelope.data.error.message,
    // Field paths as the form names them: `title`, not the validator's `body.title`.
    (details.success ? details.data : []).map((detail) => ({
      field: detail.field.replace(/^body\./, ""),
      message: detail.message,
    })),
  );
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The CSRF token of the portal session this page runs in, remembered by `fetchPortalSession`:
 * the client adds it to every change, so pages never pass it around.
 */
let portalCsrfToken: string | undefined;

export interface RequestOptions {
  /** Cancels the request (TanStack Query passes one, so leaving a page stops its loads). */
  signal?: AbortSignal | undefined;
}

type Reply<Schema extends z.ZodType> = Promise<z.output<Schema>>;

/** One API, every reply parsed with the route's schema from the tool's contract. */
export interface ApiClient {
  /** Where the API is (`/tools/consult/api`), for what is not JSON: event streams, downloads. */
  baseUrl: string;
  get<Schema extends z.ZodType>(
    path: string,
    schema: Schema,
    options?: RequestOptions,
  ): Reply<Schema>;
  post<Schema extends z.ZodType>(
    path: string,
    body: unknown,
    schema: Schema,
    options?: RequestOptions,
  ): Reply<Schema>;
  put<Schema extends z.ZodType>(
    path: string,
    body: unknown,
    schema: Schema,
    options?: RequestOptions,
  ): Reply<Schema>;
  patch<Schema extends z.ZodType>(
    path: string,
    body: unknown,
    schema: Schema,
    options?: RequestOptions,
  ): Reply<Schema>;
  delete<Schema extends z.ZodType>(
    path: string,
    schema: Schema,
    options?: RequestOptions,
  ): Reply<Schema>;
  /** A multipart upload (`FormData`), with the CSRF token like every other change. */
  upload<Schema extends z.ZodType>(
    path: string,
    formData: FormData,
    schema: Schema,
    options?: RequestOptions,
  ): Reply<Schema>;
}

/**
 * The client for one API (`baseUrl` like `/tools/consult/api`). A failure becomes an `ApiError`
 * from the error envelope; a reply that does not match its schema is an `ApiError` too, so a
 * page never works on data it does not understand.
 */
export function createApiClient(baseUrl: string): ApiClient {
  const send = async <Schema extends z.ZodType>(
    method: string,
    path: string,
    body: string | FormData | undefined,
    schema: Schema,
    options: RequestOptions = {},
  ): Reply<Schema> => {
    const headers: Record<string, string> = { accept: "application/json" };
    if (typeof body === "string") headers["content-type"] = "application/json";
    if (method !== "GET" && portalCsrfToken) headers["x-csrf-token"] = portalCsrfToken;
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body ?? null,
      signal: options.signal ?? null,
    });
    const reply = await readJson(response);
    if (!response.ok) throw failure(response.status, reply);
    const parsed = schema.safeParse(reply);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
      throw new ApiError(
        response.status,
        "UNEXPECTED_REPLY",
        `Bernard's reply to ${method} ${baseUrl}${path} is not what this page expects` +
          `${where}: ${issue?.message ?? "wrong shape"}. Reload the page; if it happens again, report it.`,
        [],
      );
    }
    return parsed.data;
  };
  const json = (body: unknown) => JSON.stringify(body ?? {});
  return {
    baseUrl,
    get: (path, schema, options) => send("GET", path, undefined, schema, options),
    post: (path, body, schema, options) => send("POST", path, json(body), schema, options),
    put: (path, body, schema, options) => send("PUT", path, json(body), schema, options),
    patch: (path, body, schema, options) => send("PATCH", path, json(body), schema, options),
    delete: (path, schema, options) => send("DELETE", path, undefined, schema, options),
    upload: (path, formData, schema, options) => send("POST", path, formData, schema, options),
  };
}

/**
 * JSON in and out without a schema; a failure becomes an ApiError carrying the API's message.
 * Only for pages not yet moved to `createApiClient` (the portal's); new code uses the client.
 */
export async function apiRequest<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: {
      accept: "application/json",
      ...(typeof init.body === "string" ? { "content-type": "application/json" } : {}),
      ...init.headers,
    },
  });
  const reply = await readJson(response);
  if (!response.ok) throw failure(response.status, reply);
  return reply as T;
}

export type { PortalSession, PortalUser };

const portal = createApiClient("");

/** The current session, or undefined when nobody is signed in; every client then sends its CSRF token. */
export async function fetchPortalSession(): Promise<PortalSession | undefined> {
  try {
    const session = await portal.get("/api/session", portalSessionSchema);
    portalCsrfToken = session.csrfToken;
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return undefined;
    throw error;
  }
}

/** Ends the session and shows the signed-out page. */
export function signOutOfPortal(): void {
  void portal
    .delete("/api/session", noContent)
    .finally(() => window.location.assign("/signed-out"));
}

/** Sends the browser to sign in, and back to this page afterwards. */
export function redirectToSignIn(): void {
  const here = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/sign-in?next=${encodeURIComponent(here)}`);
}
