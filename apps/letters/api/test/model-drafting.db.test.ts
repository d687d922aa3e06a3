import { fakeModelAccess, startFakeOpenAi, type FakeOpenAi } from "@bernard/llm/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { offlineStandIn } from "../src/engine/stand-in-model.js";
import { approver, drafter, outsider, startLetters } from "./helpers.js";

let fake: FakeOpenAi;
let withModel: Awaited<ReturnType<typeof startLetters>>;
let offlineOnly: Awaited<ReturnType<typeof startLetters>>;
beforeAll(async () => {
  fake = await startFakeOpenAi();
  [withModel, offlineOnly] = await Promise.all([
    startLetters({ models: fakeModelAccess(fake.url) }),
    startLetters(),
  ]);
  for (const letters of [withModel, offlineOnly]) {
    const imported = await letters.upload(letters.as(drafter), "/lines/import", "lines.jsonl");
    expect(imported.status).toBe(200);
  }
});
afterAll(async () => {
  await Promise.all([withModel?.server.close(), offlineOnly?.server.close()]);
  await fake?.close();
});

const HELP =
  "Families on low incomes can ask for help with passport fees through the hardship scheme.";
/** A draft through the model: a job tied to the case (202), followed to its end, then the version it saved. */
async function draftWithModel(caseId: string) {
  const started = await withModel.as(drafter).post(`/cases/${caseId}/draft`, { engine: "model" });
  expect(started.status).toBe(202);
  const job = await withModel.as(drafter).finished((await started.json()).id);
  expect(job).toMatchObject({ state: "completed", subject: { kind: "case", id: caseId } });
  return (await withModel.as(drafter).json(`/cases/${caseId}/draft`)).draft;
}

const modelSays = (...sentences: { text: string; lines: string[] }[]) => ({
  json: { paragraphs: [{ points: [0], sentences }] },
});

describe("drafting with the AI model", () => {
  it("ranks lines by meaning too, with the knowledge base embedded once and kept in PostgreSQL", async () => {
    fake.configure({ reply: offlineStandIn() });
    fake.requests.length = 0;
    const embedded = () =>
      fake.requests
        .filter((request) => request.path.endsWith("/embeddings"))
        .map((request) => (request.body as { input: string[] }).input.length);
    await draftWithModel((await withModel.loggedCase()).id);
    const [points, lines] = embedded();
    expect(points).toBeGreaterThan(0);
    expect(lines).toBeGreaterThan(1);
    // Another case, another job and another store over the same table: only its points are sent.
    await draftWithModel((await withModel.loggedCase()).id);
    expect(embedded()).toEqual([points, lines, points]);
    fake.requests.length = 0;
  });

  it("estimates both engines before the run, then drafts through the model, every sentence checked", async () => {
    fake.requests.length = 0;
    const created = await withModel.loggedCase();
    const estimate = await withModel.as(drafter).json(`/cases/${created.id}/draft/estimate`);
    expect(estimate.offline.seconds).toBeGreaterThan(0);
    expect(estimate.model).toMatchObject({ available: true, model: "gpt-4o-mini", requests: 1 });
    expect(estimate.model.promptTokens).toBeGreaterThan(100);
    expect(fake.chatRequests()).toHaveLength(0);

    fake.configure({ reply: offlineStandIn() });
    const version = await draftWithModel(created.id);
    expect(version).toMatchObject({
      source: "model",
      authorName: "AI model (gpt-4o-mini)",
      engineFlags: [],
    });
    expect(version.paragraphs).toContainEqual({
      text: expect.stringContaining(HELP),
      lines: expect.arrayContaining(["PASS-02"]),
      kind: "policy",
    });
    // The point no line answers still gets its placeholder.
    expect(version.flags.map((flag: { kind: string }) => flag.kind)).toContain("no-approved-line");
    expect(fake.chatRequests()).toHaveLength(1);
    // Personal data went to the model redacted.
    expect(JSON.stringify(fake.chatRequests()[0]!.body)).not.toContain("Robert Brown");
  });

  it("keeps the model's flags with the version: a sentence it could not ground, a model that failed", async () => {
    const created = await withModel.loggedCase();
    const invented = modelSays({
      text: "Passport fees will be abolished next year.",
      lines: ["PASS-01"],
    });
    fake.configure({ script: [invented, invented] });
    const ungrounded = await draftWithModel(created.id);
    expect(ungrounded.engineFlags).toEqual([
      expect.objectContaining({ kind: "commitment", text: expect.stringContaining("abolished") }),
    ]);
    // The sentence is not the approved wording, so the reply cannot be approved either.
    expect(ungrounded.flags.map((flag: { kind: string }) => flag.kind)).toContain("uncited");
    const read = await withModel.as(drafter).json(`/cases/${created.id}/draft`);
    expect(read.draft.engineFlags).toEqual(ungrounded.engineFlags);

    fake.configure({ script: [{ status: 500 }, { status: 500 }, { status: 500 }] });
    const failed = await draftWithModel(created.id);
    expect(failed).toMatchObject({ source: "offline", number: 2 });
    expect(failed.engineFlags).toEqual([
      expect.objectContaining({
        kind: "model-problem",
        text: expect.stringContaining("offline draft"),
      }),
    ]);
  });

  it("asks before a model draft would set aside a person's edit, and lets only those who may see the case follow its job", async () => {
    fake.configure({ reply: offlineStandIn() });
    const created = await withModel.loggedCase();
    const first = await (await withModel.as(drafter).post(`/cases/${created.id}/draft`, {})).json();
    await withModel
      .as(drafter)
      .put(`/cases/${created.id}/draft`, { basedOn: 1, paragraphs: first.paragraphs });
    const asked = fake.chatRequests().length;
    const refused = await withModel
      .as(drafter)
      .post(`/cases/${created.id}/draft`, { engine: "model" });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.code).toBe("EDITS_WOULD_BE_REPLACED");
    // Refused before any job or model call: nothing was asked, nothing saved.
    expect(fake.chatRequests().length).toBe(asked);
    expect((await withModel.as(drafter).json(`/cases/${created.id}/draft`)).draft.number).toBe(2);

    const started = await (
      await withModel
        .as(drafter)
        .post(`/cases/${created.id}/draft`, { engine: "model", replaceEdits: true })
    ).json();
    expect((await withModel.as(outsider).call(`/jobs/${started.id}`)).status).toBe(404);
    const job = await withModel.as(approver).finished(started.id);
    expect(job.state).toBe("completed");
    const versions = await withModel.as(drafter).json(`/cases/${created.id}/versions`);
    // Newest first: the person's version is kept under the model's.
    expect(versions.map((version: { source: string }) => version.source)).toEqual([
      "model",
      "person",
      "offline",
    ]);
  });

  it("without a model, says why in the estimate and refuses the model engine; the offline engine drafts", async () => {
    const created = await offlineOnly.loggedCase();
    const estimate = await offlineOnly.as(drafter).json(`/cases/${created.id}/draft/estimate`);
    expect(estimate.model).toEqual({
      available: false,
      reason: expect.stringContaining("No AI model is set up for the letter drafter"),
    });
    const refused = await offlineOnly
      .as(drafter)
      .post(`/cases/${created.id}/draft`, { engine: "model" });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.details).toEqual([
      { field: "engine", message: expect.stringContaining("No AI model is set up") },
    ]);
    const offline = await offlineOnly.as(drafter).post(`/cases/${created.id}/draft`, {});
    expect(await offline.json()).toMatchObject({ source: "offline", engineFlags: [] });
  });
});
