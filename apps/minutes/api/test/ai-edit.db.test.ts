import { fakeModelAccess, startFakeOpenAi, type FakeOpenAi } from "@bernard/llm/testing";
import type { Minutes } from "@bernard/minutes-contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { minutesAsked, shortenSummary } from "./fake-model.js";
import { chair, outsider, secretary, startMinutes } from "./helpers.js";

let fake: FakeOpenAi;
let minutes: Awaited<ReturnType<typeof startMinutes>>;
let offline: Awaited<ReturnType<typeof startMinutes>>;
beforeAll(async () => {
  fake = await startFakeOpenAi({ reply: shortenSummary });
  minutes = await startMinutes({ models: fakeModelAccess(fake.url) });
  offline = await startMinutes();
});
afterAll(async () => {
  await minutes?.server.close();
  await offline?.server.close();
  await fake?.close();
});

const aiEdit = (id: string, instruction: string, basedOn = 1) =>
  minutes.as(secretary).post(`/meetings/${id}/ai-edit`, { basedOn, instruction });

describe("AI edit", () => {
  it("saves the model's edit as a version from an AI edit, asked for by the person, with the instruction in the change log", async () => {
    fake.configure({ reply: shortenSummary });
    const { id } = await minutes.draftedMeeting();
    expect(await minutes.as(secretary).json("/engine")).toEqual({
      engine: "model",
      model: "gpt-4o-mini",
    });
    const answer = await aiEdit(id, "Make the summary one sentence.");
    expect(answer.status).toBe(200);
    const version = await answer.json();
    expect(version).toMatchObject({ number: 2, source: "ai", authorName: "Sue Secretary" });
    expect(version.problems).toEqual([]);
    const drafted = (await minutes.as(secretary).json(`/meetings/${id}/versions/1`)).minutes;
    expect(version.minutes.summary).toBe(/^[^.]*\./.exec(drafted.summary)![0]);
    expect(version.minutes.summary.length).toBeLessThan(drafted.summary.length);
    expect(version.changes.map((change: { ref: string }) => change.ref)).toEqual(["summary"]);
    // The person's instruction went to the model as theirs, the minutes and turns as data.
    const asked = fake.chatRequests().at(-1)!.body as { messages: { content: string }[] };
    expect(asked.messages[1]!.content).toBe(
      "The person's instruction: Make the summary one sentence.",
    );
    const changes = await minutes.as(secretary).json(`/meetings/${id}/changes`);
    expect(changes.find((c: { action: string }) => c.action === "minutes.ai-edited")).toMatchObject(
      {
        actorName: "Sue Secretary",
        details: {
          version: 2,
          instruction: "Make the summary one sentence.",
          model: "gpt-4o-mini",
        },
      },
    );
    // Undone with one click: the version before it comes back, and stays kept.
    const restored = await minutes.as(secretary).post(`/meetings/${id}/versions/1/restore`, {});
    expect((await restored.json()).minutes.summary).toBe(drafted.summary);
  });

  it("sends back a reply citing turns that do not exist, then refuses one that keeps doing so, saving nothing", async () => {
    const { id } = await minutes.draftedMeeting();
    const citingNowhere = (request: Parameters<typeof shortenSummary>[0]) => {
      const asked = minutesAsked(request);
      const first = asked.items[0]!;
      return {
        json: {
          ...asked,
          items: [
            { ...first, points: [{ text: "A point.", turns: [9_999] }] },
            ...asked.items.slice(1),
          ],
        },
      };
    };
    fake.configure({ script: [citingNowhere(await firstRequest(id))], reply: shortenSummary });
    const before = fake.chatRequests().length;
    const repaired = await aiEdit(id, "Shorten the summary.");
    expect(repaired.status).toBe(200);
    expect(fake.chatRequests().length - before).toBe(2);
    const cited = ((await repaired.json()).minutes as Minutes).items.flatMap((item) =>
      item.points.flatMap((point) => point.turns),
    );
    expect(Math.max(...cited)).toBeLessThan(9_999);

    fake.configure({ reply: citingNowhere });
    const refused = await aiEdit(id, "Shorten it again.", 2);
    expect(refused.status).toBe(502);
    expect((await refused.json()).error.message).toMatch(
      /cited turns that do not exist.*Nothing was saved/,
    );
    expect(await minutes.as(secretary).json(`/meetings/${id}/versions`)).toHaveLength(2);
  });

  it("points out an owner the model changed and a name the transcript never says", async () => {
    const { id } = await minutes.draftedMeeting();
    fake.configure({
      reply: (request) => {
        const asked = minutesAsked(request);
        return {
          json: {
            ...asked,
            actions: asked.actions.map((action, n) =>
              n === 0 ? { ...action, owner: "Zebedee Quaxley" } : action,
            ),
          },
        };
      },
    });
    const version = await (await aiEdit(id, "Tidy the actions.")).json();
    expect(version.source).toBe("ai");
    expect(version.problems).toEqual([
      expect.stringMatching(
        /^The AI edit changed the owner of action 1 from .+ to Zebedee Quaxley\.$/,
      ),
      '"Zebedee Quaxley" appears nowhere in the transcript.',
    ]);
  });

  it("never overwrites a newer version, refuses agreed minutes and people without access, and says when there is no model", async () => {
    fake.configure({ reply: shortenSummary });
    const { id } = await minutes.draftedMeeting();
    expect((await aiEdit(id, "Shorten it.")).status).toBe(200);
    const stale = await aiEdit(id, "Shorten it more.", 1);
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.message).toContain("saved version 2 after the version 1");
    const hidden = await minutes.as(outsider).post(`/meetings/${id}/ai-edit`, {
      basedOn: 2,
      instruction: "Shorten it.",
    });
    expect(hidden.status).toBe(404);
    expect(
      (
        await minutes
          .as(secretary)
          .post(`/meetings/${id}/ai-edit`, { basedOn: 2, instruction: " " })
      ).status,
    ).toBe(400);
    await minutes.as(secretary).post(`/meetings/${id}/circulate`, {});
    await minutes.as(chair).post(`/meetings/${id}/agree`, {});
    expect((await aiEdit(id, "Shorten it.", 2)).status).toBe(409);

    const elsewhere = await offline.draftedMeeting();
    const engine = await offline.as(secretary).json("/engine");
    expect(engine.engine).toBe("offline");
    const noModel = await offline
      .as(secretary)
      .post(`/meetings/${elsewhere.id}/ai-edit`, { basedOn: 1, instruction: "Shorten it." });
    expect(noModel.status).toBe(409);
    expect((await noModel.json()).error).toMatchObject({
      code: "MODEL_NOT_CONFIGURED",
      message: expect.stringContaining("No AI model is set up for the minute summariser"),
    });
  });
});

/** A request as the model would receive it for this meeting's current minutes. */
async function firstRequest(id: string) {
  const version = await minutes.as(secretary).json(`/meetings/${id}/minutes`);
  return {
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: JSON.stringify({ minutes: version.minutes }) }],
    body: {},
    headers: {},
  };
}
