import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { UserClaims } from "@bernard/auth";
import { startTestTool } from "@bernard/toolkit/testing";
import { localDiskStorage } from "@bernard/toolkit/uploads";
import { manifest } from "../src/manifest.js";
import { buildServer, type ServerOptions } from "../src/server.js";

export const analyst: UserClaims = {
  sub: "user-analyst",
  name: "Ana Lyst",
  email: "ana@example.gov.uk",
  roles: ["user"],
  groups: [],
};

/** Someone in the analyst's team, with whom a consultation can be shared by group. */
export const colleague: UserClaims = {
  sub: "user-colleague",
  name: "Col League",
  email: "col@example.gov.uk",
  roles: ["user"],
  groups: ["Transport policy"],
};

/** The uploads of the sorter on one test database, shared by every process the test starts. */
export const testStorage = (databaseUrl: string) =>
  localDiskStorage(
    path.join(
      tmpdir(),
      "consult-test-uploads",
      createHash("sha256").update(databaseUrl).digest("hex").slice(0, 16),
    ),
  );

/** A CSV of `count` numbered answers (`id,answer`), cycling through `sayings`. */
export function sayingsCsv(count: number, sayings: readonly string[]): string {
  const rows = Array.from(
    { length: count },
    (_, index) => `${index + 1},"${sayings[index % sayings.length]} (${index + 1})."`,
  );
  return ["id,answer", ...rows].join("\n");
}

/**
 * The sorter's server on a free port with its own database; the tests play the portal,
 * signing user tokens with a key of their own.
 */
export async function startSorter(
  options: Pick<ServerOptions, "models" | "role" | "webRoot"> = {},
) {
  const { server, database, portal, as, openPageAs } = await startTestTool(
    { id: manifest.id, schema: "consult" },
    (settings) =>
      buildServer({ ...settings, storage: testStorage(settings.database.url), ...options }),
  );

  /** Calls the API as someone signed in to the portal (the analyst unless told otherwise). */
  const callAs = (user: UserClaims) => as(user).call;
  const { call, json, post, finished } = as(analyst);
  const upload = (consultationId: string, name: string, content: string | Uint8Array) =>
    as(analyst).upload(`/consultations/${consultationId}/uploads`, { name, content });

  /** A new consultation with one free-text question. */
  const consultationWithQuestion = async (title: string) => {
    const created = await (await post("/consultations", { title })).json();
    const { questions } = await (
      await post(`/consultations/${created.id}/questions`, { text: "Why?" })
    ).json();
    return { consultationId: created.id as string, questionId: questions[0].id as string };
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
    portal,
    as,
    call,
    callAs,
    openPageAs,
    json,
    post,
    upload,
    finished,
    consultationWithQuestion,
    analysedSample,
  };
}
