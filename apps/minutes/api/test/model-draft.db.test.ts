import path from "node:path";
import {
  fakeModelAccess,
  startFakeOpenAi,
  type FakeChatRequest,
  type FakeOpenAi,
} from "@bernard/llm/testing";
import { ScriptProcess } from "@bernard/toolkit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticMeeting } from "../src/bench/synthetic-meeting.js";
import { offlineStandIn } from "../src/engine/stand-in-model.js";
import { fixture, secretary, startMinutes } from "./helpers.js";

const WORKER = path.join(import.meta.dirname, "fixtures/draft-worker.ts");
const standIn = offlineStandIn();
/** Which part of the meeting a request reads ("This is part 2 of 5"), if it reads one. */
const partOf = (request: FakeChatRequest) =>
  /This is part (\d+) of/.exec(request.messages[1]?.content ?? "")?.[1];

let fake: FakeOpenAi;
let withModel: Awaited<ReturnType<typeof startMinutes>>;
let offline: Awaited<ReturnType<typeof startMinutes>>;
beforeAll(async () => {
  fake = await startFakeOpenAi({ reply: standIn });
  withModel = await startMinutes({ models: fakeModelAccess(fake.url) });
  offline = await startMinutes();
});
afterAll(async () => {
  await withModel?.server.close();
  await offline?.server.close();
  await fake?.close();
});

type Minutes = Awaited<ReturnType<typeof startMinutes>>;

async function meetingWith(minutes: Minutes, name: string, transcript: Uint8Array | string) {
  const created = await (
    await minutes.as(secretary).post("/meetings", {
      title: "Depot review",
      date: "2026-03-04",
      chair: "Priya Shah",
      template: "formal",
      sharedWith: [],
    })
  ).json();
  const uploaded = await minutes.upload(secretary, created.id, name, transcript);
  expect(uploaded.status).toBeLessThan(300);
  return created.id as string;
}

describe("drafting with the AI model", () => {
  it("says what each engine will take before the run, and offers only the offline engine without a model", async () => {
    const transcript = await fixture("meetings/depot-review.vtt");
    const id = await meetingWith(withModel, "depot-review.vtt", transcript);
    const estimate = await withModel.as(secretary).json(`/meetings/${id}/draft-estimate`);
    expect(estimate.turns).toBeGreaterThan(0);
    expect(estimate.offline.seconds).toBeGreaterThanOrEqual(1);
    expect(estimate.model).toMatchObject({ available: true, model: "gpt-4o-mini" });
    // One request for the meeting's one part, one to combine.
    expect(estimate.model.requests).toBe(2);
    expect(estimate.model.promptTokens).toBeGreaterThan(0);

    const alone = await meetingWith(offline, "depot-review.vtt", transcript);
    const without = await offline.as(secretary).json(`/meetings/${alone}/draft-estimate`);
    expect(without.model.available).toBe(false);
    expect(without.model.reason).toMatch(/No AI model is set up for the minute summariser/);
    const refused = await offline
      .as(secretary)
      .post(`/meetings/${alone}/draft`, { engine: "model" });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.code).toBe("MODEL_NOT_CONFIGURED");
  });

  it("drafts through the model as a job, every point citing turns that exist, by the model in the change log", async () => {
    const id = await meetingWith(
      withModel,
      "depot-review.vtt",
      await fixture("meetings/depot-review.vtt"),
    );
    const turns = await withModel.as(secretary).json(`/meetings/${id}/turns`);
    const before = fake.chatRequests().length;
    const started = await withModel
      .as(secretary)
      .post(`/meetings/${id}/draft`, { engine: "model" });
    expect(started.status).toBe(202);
    const job = await withModel.as(secretary).finished((await started.json()).id);
    expect(job.state).toBe("completed");
    expect(fake.chatRequests().length - before).toBe(2);

    const version = await withModel.as(secretary).json(`/meetings/${id}/minutes`);
    expect(version).toMatchObject({ source: "generated", authorName: "AI model (gpt-4o-mini)" });
    const points = version.minutes.items.flatMap((item: { points: unknown[] }) => item.points);
    expect(points.length).toBeGreaterThan(0);
    for (const cited of [...points, ...version.minutes.decisions, ...version.minutes.actions])
      for (const turn of (cited as { turns: number[] }).turns)
        expect(turn).toBeLessThan(turns.length);
    const changes = await withModel.as(secretary).json(`/meetings/${id}/changes`);
    expect(
      changes.find((change: { action: string }) => change.action === "minutes.drafted"),
    ).toMatchObject({ actorName: "AI model (gpt-4o-mini)", source: "ai" });
  });

  it("resumes after its worker is killed mid-draft, without asking the model again for the parts it had read", async () => {
    // This process answers requests; the child workers run the drafts.
    const web = await startMinutes({ models: fakeModelAccess(fake.url), role: "web" });
    // The first part is answered at once, the others slowly: the kill comes between them.
    fake.configure({
      reply: async (request) => {
        if (partOf(request) !== undefined && partOf(request) !== "1")
          await new Promise((resolve) => setTimeout(resolve, 1_500));
        return standIn(request);
      },
    });
    const first = ScriptProcess.start(WORKER, [web.database.url, fake.url]);
    let second: ScriptProcess | undefined;
    try {
      await first.printed("worker ready");
      const lines = syntheticMeeting(40_000).map((turn) => `${turn.speaker}: ${turn.text}`);
      const id = await meetingWith(web, "long-meeting.txt", lines.join("\n"));
      const estimate = await web.as(secretary).json(`/meetings/${id}/draft-estimate`);
      expect(estimate.model.requests).toBeGreaterThan(3);

      const started = await (
        await web.as(secretary).post(`/meetings/${id}/draft`, { engine: "model" })
      ).json();
      // Progress past 0 means a part's step is saved.
      for (let tries = 0; tries < 400; tries += 1) {
        const job = await web.as(secretary).json(`/jobs/${started.id}`);
        if (job.progress?.stage === "Drafting the minutes" && job.progress.done > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await first.kill();
      const killedAt = Date.now();

      second = ScriptProcess.start(WORKER, [web.database.url, fake.url]);
      const job = await web.as(secretary).finished(started.id, 60_000);
      expect(job.state).toBe("completed");
      expect(job.attempt).toBe(2);
      const partsAfterKill = fake
        .chatRequests()
        .filter((request) => request.at > killedAt)
        .map((request) => partOf(request.body as FakeChatRequest))
        .filter((part) => part !== undefined);
      expect(partsAfterKill.length).toBeGreaterThan(0);
      expect(partsAfterKill).not.toContain("1");

      const version = await web.as(secretary).json(`/meetings/${id}/minutes`);
      expect(version.authorName).toBe("AI model (gpt-4o-mini)");
      expect(version.minutes.items.length).toBeGreaterThan(1);
      expect(version.minutes.actions.length).toBeGreaterThan(0);
    } finally {
      fake.configure({ reply: standIn });
      await first.kill();
      await second?.stop();
      await web.server.close();
    }
  }, 120_000);
});
