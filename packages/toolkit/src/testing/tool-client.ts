import {
  createTokenIssuer,
  createTokenVerifier,
  generateSigningKey,
  type JSONWebKeySet,
  type TokenVerifier,
  type UserClaims,
} from "@bernard/auth";
import { FINISHED_STATES, type JobSnapshot } from "../jobs/job-store.js";

/** The issuer name the tests' stand-in portal signs user tokens as. */
export const TEST_PORTAL_ISSUER = "http://portal.test";

/** A stand-in for the portal in a tool's tests: it signs user tokens with a key of its own. */
export interface PortalKeys {
  issue(user: UserClaims, audience: string): Promise<string>;
  jwks(): JSONWebKeySet;
  /** What a tool server is given to check this portal's tokens. */
  verifier(audience: string): TokenVerifier;
}

export async function createPortalKeys(): Promise<PortalKeys> {
  const issuer = await createTokenIssuer({
    issuer: TEST_PORTAL_ISSUER,
    signingKey: await generateSigningKey(),
  });
  return {
    issue: (user, audience) => issuer.issue(user, audience),
    jwks: () => issuer.jwks(),
    verifier: (audience) =>
      createTokenVerifier({ issuer: TEST_PORTAL_ISSUER, audience, keys: issuer.jwks() }),
  };
}

/** Parsed JSON as tests read it: loosely, since their assertions check its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TestJson = any;

/** A tool's API called as one signed-in person, as the portal's gateway would. */
export interface PersonClient {
  call: (route: string, init?: RequestInit) => Promise<Response>;
  json: (route: string, init?: RequestInit) => Promise<TestJson>;
  post: (route: string, body: unknown) => Promise<Response>;
  put: (route: string, body: unknown) => Promise<Response>;
  /** Posts a file as an upload form does (`file`, beside any other `fields`). */
  upload: (
    route: string,
    file: { name: string; content: string | Uint8Array },
    fields?: Record<string, string>,
  ) => Promise<Response>;
  /** Polls the job until it has finished (completed, failed or cancelled) and returns it. */
  finished: (jobId: string, timeoutMs?: number) => Promise<TestJson>;
  /** Reads the job's Server-Sent Events to the end and returns the last snapshot. */
  followEvents: (jobId: string, timeoutMs?: number) => Promise<TestJson>;
}

/** `apiUrl` is the tool's API base (e.g. `http://127.0.0.1:4000/tools/notes/api`). */
export function toolClient(options: { apiUrl: string; keys: PortalKeys; audience: string }) {
  return (user: UserClaims): PersonClient => {
    const call = async (route: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${await options.keys.issue(user, options.audience)}`);
      if (typeof init.body === "string" && !headers.has("content-type")) {
        headers.set("content-type", "application/json");
      }
      return fetch(`${options.apiUrl}${route}`, { ...init, headers });
    };
    const json = async (route: string, init: RequestInit = {}): Promise<TestJson> =>
      (await call(route, init)).json();
    const send = (method: string) => (route: string, body: unknown) =>
      call(route, { method, body: JSON.stringify(body) });
    return {
      call,
      json,
      post: send("POST"),
      put: send("PUT"),
      upload: (route, file, fields = {}) => {
        const form = new FormData();
        for (const [name, value] of Object.entries(fields)) form.set(name, value);
        const bytes =
          typeof file.content === "string" ? file.content : new Uint8Array(file.content);
        form.set("file", new Blob([bytes]), file.name);
        return call(route, { method: "POST", body: form });
      },
      finished: async (jobId, timeoutMs = 60_000) => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const job = (await json(`/jobs/${jobId}`)) as JobSnapshot;
          if (FINISHED_STATES.includes(job.state)) return job;
          if (Date.now() > deadline) {
            throw new Error(`Job ${jobId} did not finish in time (still ${job.state})`);
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      },
      followEvents: async (jobId, timeoutMs = 60_000) => {
        const response = await call(`/jobs/${jobId}/events`, {
          signal: AbortSignal.timeout(timeoutMs),
        });
        const type = response.headers.get("content-type") ?? "";
        if (!type.includes("text/event-stream")) {
          throw new Error(`The job's events answered ${response.status} ${type}`);
        }
        const last = (await response.text())
          .split("\n")
          .filter((line) => line.startsWith("data: "))
          .at(-1);
        if (last === undefined) throw new Error(`Job ${jobId} sent no events`);
        return JSON.parse(last.slice("data: ".length)) as JobSnapshot;
      },
    };
  };
}
