import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  createTokenIssuer,
  createTokenVerifier,
  generateSigningKey,
  type UserClaims,
} from "@bernard/auth";
import { createTestDatabase } from "@bernard/database/testing";
import { manifest } from "../src/manifest.js";
import { buildServer, type ServerOptions } from "../src/server.js";

export const analyst: UserClaims = {
  sub: "user-analyst",
  name: "Ana Lyst",
  email: "ana@example.gov.uk",
  roles: ["user"],
  groups: [],
};

/**
 * The sorter's server on a free port with its own database; the tests play the portal,
 * signing user tokens with a key of their own.
 */
export async function startSorter(
  options: Pick<ServerOptions, "models" | "runJobs" | "webRoot"> = {},
) {
  const portal = await createTokenIssuer({
    issuer: "http://portal.test",
    signingKey: await generateSigningKey(),
  });
  const database = { url: (await createTestDatabase()).url, schema: "consult" };
  const server = await buildServer({
    database,
    verifyUserToken: createTokenVerifier({
      issuer: "http://portal.test",
      audience: manifest.id,
      keys: portal.jwks(),
    }),
    logger: false,
    ...options,
  });
  const origin = await server.listen({ port: 0, host: "127.0.0.1" });
  const url = `${origin}/tools/consult/api`;

  /** Calls the API as someone signed in to the portal (the analyst unless told otherwise). */
  const callAs =
    (user: UserClaims) =>
    async (route: string, init: RequestInit = {}) => {
      const headers: Record<string, string> = {
        authorization: `Bearer ${await portal.issue(user, manifest.id)}`,
      };
      if (typeof init.body === "string") headers["content-type"] = "application/json";
      return fetch(`${url}${route}`, { ...init, headers });
    };
  const call = callAs(analyst);
  /** Opens one of the UI's pages (`/c/<id>`…) as a browser would, as that person. */
  const openPageAs = async (user: UserClaims, page: string) =>
    fetch(`${origin}/tools/consult${page}`, {
      headers: {
        accept: "text/html",
        authorization: `Bearer ${await portal.issue(user, manifest.id)}`,
      },
    });
  const json = async (route: string, init: RequestInit = {}) => (await call(route, init)).json();
  const post = (route: string, body: unknown) =>
    call(route, { method: "POST", body: JSON.stringify(body) });

  const upload = (consultationId: string, name: string, content: string) => {
    const form = new FormData();
    form.set("file", new Blob([content]), name);
    return call(`/consultations/${consultationId}/uploads`, { method: "POST", body: form });
  };

  const finished = async (jobId: string): Promise<any> => {
    for (let tries = 0; tries < 300; tries += 1) {
      const job = await json(`/jobs/${jobId}`);
      if (["completed", "failed", "cancelled"].includes(job.state)) return job;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("The job did not finish");
  };

  /** A consultation with one question, the sample Citizen Space export imported and analysed. */
  const analysedSample = async (engine: "offline" | "model" = "offline") => {
    const created = await (await post("/consultations", { title: "Evening buses" })).json();
    const { questions } = await (
      await post(`/consultations/${created.id}/questions`, {
        text: "Do you agree? Why?",
        hasClosedPart: true,
      })
    ).json();
    const csv = await readFile(
      path.resolve(import.meta.dirname, "../samples/citizen-space.csv"),
      "utf8",
    );
    const preview = await (await upload(created.id, "citizen-space.csv", csv)).json();
    const mapping = {
      respondentId: "Response ID",
      questions: [
        {
          questionId: questions[0].id,
          column: "Please explain your answer",
          closedColumn: "Do you agree with the proposal to cut evening bus services?",
        },
      ],
      demographics: [
        "What is your postcode area?",
        "Are you responding as an individual or an organisation?",
      ],
    };
    const imported = await finished(
      (await (await post(`/uploads/${preview.uploadId}/import`, { mapping })).json()).id,
    );
    const started = await post(`/questions/${questions[0].id}/analysis`, { engine });
    const analysis = await finished((await started.clone().json()).id);
    return {
      consultationId: created.id as string,
      questionId: questions[0].id as string,
      uploadId: preview.uploadId as string,
      imported,
      analysisStatus: started.status,
      analysis,
    };
  };

  return {
    server,
    database,
    call,
    callAs,
    openPageAs,
    json,
    post,
    upload,
    finished,
    analysedSample,
  };
}
