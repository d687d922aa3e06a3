import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSorter } from "./helpers.js";

let sorter: Awaited<ReturnType<typeof startSorter>>;
beforeAll(async () => {
  sorter = await startSorter();
});
afterAll(() => sorter?.server.close());

interface Theme {
  id: string;
  label: string;
  count: number;
  source: string;
  representatives: { id: string }[];
}

const themesOf = (questionId: string): Promise<Theme[]> =>
  sorter.json(`/questions/${questionId}/themes`);

describe("expert review", () => {
  it("renames, adds, merges, splits and deletes themes, recording who did what as a person", async () => {
    const { questionId } = await sorter.analysedSample();
    const [first, second] = (await themesOf(questionId)).filter(
      (theme) => !["Other", "No reason given"].includes(theme.label),
    );

    const renamed = await sorter.call(`/themes/${first!.id}`, {
      method: "PATCH",
      body: JSON.stringify({ label: "Getting home from work" }),
    });
    expect(renamed.status).toBe(204);
    expect((await themesOf(questionId)).find((theme) => theme.id === first!.id)).toMatchObject({
      label: "Getting home from work",
      source: "person",
    });

    const added = await (
      await sorter.post(`/questions/${questionId}/themes`, {
        label: "Safety at night",
        stance: "oppose",
      })
    ).json();
    expect(added.id).toMatch(/^[0-9a-f-]{36}$/);

    const before = await themesOf(questionId);
    const total = (id: string) => before.find((theme) => theme.id === id)!.count;
    const merged = await sorter.post(`/themes/${second!.id}/merge`, { intoThemeId: first!.id });
    expect(merged.status).toBe(204);
    const afterMerge = await themesOf(questionId);
    expect(afterMerge.find((theme) => theme.id === second!.id)).toBeUndefined();
    expect(afterMerge.find((theme) => theme.id === first!.id)!.count).toBeLessThanOrEqual(
      total(first!.id) + total(second!.id),
    );
    expect(afterMerge.find((theme) => theme.id === first!.id)!.count).toBeGreaterThanOrEqual(
      total(first!.id),
    );

    // Split: move one response from the merged theme to the new one.
    const responseId = afterMerge.find((theme) => theme.id === first!.id)!.representatives[0]?.id;
    expect(responseId).toBeDefined();
    const moved = await sorter.post(`/themes/${first!.id}/move`, {
      toThemeId: added.id,
      responseIds: [responseId],
    });
    expect(moved.status).toBe(204);
    expect((await themesOf(questionId)).find((theme) => theme.id === added.id)!.count).toBe(1);
    // It is there by the reviewer's decision, with the reviewer's reason, not the engine's.
    const afterMove = await sorter.json(`/responses/${responseId}`);
    expect(afterMove.themes).toContainEqual({
      id: added.id,
      label: "Safety at night",
      source: "person",
      rationale: 'A reviewer moved it here from "Getting home from work".',
    });
    // The merged theme's responses say the reviewer merged them in.
    const mergedIn = await sorter.json(`/questions/${questionId}/responses?theme=${first!.id}`);
    const reasons = await Promise.all(
      mergedIn.responses.map(
        async (response: { id: string }) =>
          (await sorter.json(`/responses/${response.id}`)).themes.find(
            (theme: { id: string }) => theme.id === first!.id,
          ).rationale as string,
      ),
    );
    expect(reasons).toContain(`A reviewer merged "${second!.label}" into this theme.`);

    // Deleting the new theme leaves that response with no theme, so it goes to Other.
    const otherBefore =
      (await themesOf(questionId)).find((theme) => theme.label === "Other")?.count ?? 0;
    expect((await sorter.call(`/themes/${added.id}`, { method: "DELETE" })).status).toBe(204);
    const otherAfter = (await themesOf(questionId)).find((theme) => theme.label === "Other")!.count;
    expect(otherAfter).toBe(otherBefore + 1);

    const changes = await sorter.json(`/questions/${questionId}/changes`);
    expect(changes.map((change: { action: string }) => change.action)).toEqual([
      "theme.deleted",
      "responses.moved",
      "theme.merged",
      "theme.added",
      "theme.edited",
      "analysis.finished",
    ]);
    expect(changes.at(-1)).toMatchObject({ source: "ai", actorName: "Offline engine" });
    expect(changes[0]).toMatchObject({
      actorName: "Ana Lyst",
      source: "person",
      details: { movedToOther: 1 },
    });
  });

  it("changes one response's themes, flags it and marks it reviewed", async () => {
    const { questionId } = await sorter.analysedSample();
    const themes = await themesOf(questionId);
    const responseId = themes.find((theme) => theme.representatives.length > 0)!.representatives[0]!
      .id;
    const target = themes.find((theme) => theme.label === "No reason given")!;
    expect(
      (
        await sorter.call(`/responses/${responseId}/themes`, {
          method: "PUT",
          body: JSON.stringify({ themeIds: [target.id] }),
        })
      ).status,
    ).toBe(204);
    expect((await themesOf(questionId)).find((theme) => theme.id === target.id)!.count).toBe(
      target.count + 1,
    );
    const flagged = await sorter.call(`/responses/${responseId}`, {
      method: "PATCH",
      body: JSON.stringify({ flagged: true }),
    });
    expect(flagged.status).toBe(204);
    const wrongQuestion = await sorter.call(`/responses/${responseId}/themes`, {
      method: "PUT",
      body: JSON.stringify({ themeIds: ["00000000-0000-4000-8000-000000000000"] }),
    });
    expect(wrongQuestion.status).toBe(400);
  });

  it("freezes the themes once signed off, until reopened", async () => {
    const { questionId } = await sorter.analysedSample();
    const [theme] = await themesOf(questionId);
    expect((await sorter.post(`/questions/${questionId}/sign-off`, {})).status).toBe(202);
    const refused = await sorter.call(`/themes/${theme!.id}`, {
      method: "PATCH",
      body: JSON.stringify({ label: "Too late" }),
    });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.message).toBe(
      "The themes for this question are signed off. Reopen them to make changes.",
    );
    expect(
      (await sorter.post(`/questions/${questionId}/analysis`, { engine: "offline" })).status,
    ).toBe(409);
    expect((await sorter.post(`/questions/${questionId}/reopen`, {})).status).toBe(204);
    const allowed = await sorter.call(`/themes/${theme!.id}`, {
      method: "PATCH",
      body: JSON.stringify({ label: "Now fine" }),
    });
    expect(allowed.status).toBe(204);
  });

  it("lists responses by theme (all or any), stance, evidence, review, keyword and demographics", async () => {
    const { questionId } = await sorter.analysedSample();
    const themes = await themesOf(questionId);
    const list = (query: string) => sorter.json(`/questions/${questionId}/responses?${query}`);

    expect((await list("")).total).toBe(10);
    const [biggest, next] = themes;
    const any = await list(`theme=${biggest!.id}&theme=${next!.id}&match=any`);
    const all = await list(`theme=${biggest!.id}&theme=${next!.id}&match=all`);
    expect(any.total).toBeGreaterThanOrEqual(Math.max(biggest!.count, next!.count));
    expect(all.total).toBeLessThanOrEqual(Math.min(biggest!.count, next!.count));
    for (const response of all.responses) {
      const ids = response.themes.map((theme: { id: string }) => theme.id);
      expect(ids).toEqual(expect.arrayContaining([biggest!.id, next!.id]));
    }

    const opposed = await list("stance=oppose");
    expect(opposed.total).toBeGreaterThan(0);
    expect(opposed.responses.every((r: { stance: string }) => r.stance === "oppose")).toBe(true);
    const taxis = await list("q=TAXIS");
    expect(taxis.responses.map((r: { respondent: string }) => r.respondent)).toContain("ANON-1002");
    const ws4 = await list(`demographic=${encodeURIComponent("What is your postcode area?:WS4")}`);
    expect(ws4.total).toBeGreaterThan(0);
    expect(ws4.total).toBeLessThan(10);
    const rich = await list("evidence=yes");
    const plain = await list("evidence=no");
    expect(rich.total + plain.total).toBe(10);

    const [first] = (await list("")).responses;
    await sorter.call(`/responses/${first.id}`, {
      method: "PATCH",
      body: JSON.stringify({ reviewed: true }),
    });
    expect((await list("reviewed=yes")).responses.map((r: { id: string }) => r.id)).toEqual([
      first.id,
    ]);
    expect((await list("reviewed=no")).total).toBe(9);

    const demographics = await sorter.json(`/questions/${questionId}/demographics`);
    expect(demographics).toContainEqual({
      field: "Are you responding as an individual or an organisation?",
      values: expect.arrayContaining(["Individual", "Organisation"]),
    });

    const bad = await sorter.call(`/questions/${questionId}/responses?theme=not-a-theme`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain("Choose themes from the list");
  });

  it("shows one response with its respondent, themes and why, and the themes to choose from", async () => {
    const { questionId } = await sorter.analysedSample();
    const [first] = (await sorter.json(`/questions/${questionId}/responses?q=hospital`)).responses;
    const details = await sorter.json(`/responses/${first.id}`);
    expect(details).toMatchObject({
      respondent: "ANON-1001",
      rowNumber: 2,
      closed: "Strongly disagree",
      stance: "oppose",
      demographics: { "What is your postcode area?": "WS1" },
      question: { id: questionId, signedOff: false },
    });
    expect(details.themes.length).toBeGreaterThan(0);
    expect(details.themes[0]).toMatchObject({ source: "ai", rationale: expect.any(String) });
    expect(details.choices.length).toBe((await themesOf(questionId)).length);
    // The next response to review follows in file order (ANON-1002 is on the row after).
    const next = await sorter.json(`/responses/${details.nextToReview}`);
    expect(next.respondent).toBe("ANON-1002");
    expect((await sorter.call("/responses/00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });

  it("measures how far reviewers agree with the AI's original mapping, through merges", async () => {
    const { questionId } = await sorter.analysedSample();
    expect(await sorter.json(`/questions/${questionId}/evaluation`)).toEqual({
      reviewed: 0,
      changed: 0,
      f1: null,
      reviewsForInterval: 10,
    });
    const { responses } = await sorter.json(`/questions/${questionId}/responses`);
    const themeIds = (response: { themes: { id: string }[] }) => response.themes.map((t) => t.id);
    const setThemes = (responseId: string, ids: string[]) =>
      sorter.call(`/responses/${responseId}/themes`, {
        method: "PUT",
        body: JSON.stringify({ themeIds: ids }),
      });

    // Two reviewers confirm the AI; one changes a single-theme response completely.
    const changedOne = responses.find((r: { themes: unknown[] }) => r.themes.length === 1);
    const confirmed = responses.filter((r: unknown) => r !== changedOne).slice(0, 2);
    for (const response of confirmed) await setThemes(response.id, themeIds(response));
    const [aiTheme] = themeIds(changedOne);
    const elsewhere = (await themesOf(questionId)).find((theme) => theme.id !== aiTheme)!;
    await setThemes(changedOne.id, [elsewhere.id]);
    const evaluation = await sorter.json(`/questions/${questionId}/evaluation`);
    expect(evaluation).toMatchObject({ reviewed: 3, changed: 1 });
    expect(evaluation.f1.value).toBeCloseTo(2 / 3, 5);
    // Three reviews are too few for an interval: none is given.
    expect(evaluation.f1).toMatchObject({ low: null, high: null });

    // Merging the AI's theme into the reviewer's makes them agree: the AI mapping follows merges.
    await sorter.post(`/themes/${aiTheme}/merge`, { intoThemeId: elsewhere.id });
    const after = await sorter.json(`/questions/${questionId}/evaluation`);
    expect(after.changed).toBe(0);
    expect(after.f1.value).toBe(1);

    // Once ten are reviewed (the rest confirmed as they are), the interval is given.
    const reviewed = new Set([changedOne.id, ...confirmed.map((r: { id: string }) => r.id)]);
    const { responses: now } = await sorter.json(`/questions/${questionId}/responses`);
    for (const response of now.filter((r: { id: string }) => !reviewed.has(r.id)))
      await setThemes(response.id, themeIds(response));
    const enough = await sorter.json(`/questions/${questionId}/evaluation`);
    expect(enough.reviewed).toBe(10);
    expect(enough.f1.low).toBeLessThanOrEqual(enough.f1.value);
    expect(enough.f1.high).toBeGreaterThanOrEqual(enough.f1.value);
  });

  it("runs the final mapping after sign-off, keeping what reviewers decided", async () => {
    const { questionId } = await sorter.analysedSample();
    const themes = await themesOf(questionId);
    const { responses } = await sorter.json(`/questions/${questionId}/responses`);
    const other = themes.find((theme) => theme.label === "Other")!;
    await sorter.call(`/responses/${responses[0].id}/themes`, {
      method: "PUT",
      body: JSON.stringify({ themeIds: [other.id] }),
    });
    const signOff = await sorter.post(`/questions/${questionId}/sign-off`, {});
    expect(signOff.status).toBe(202);
    const job = await sorter.finished((await signOff.json()).id);
    expect(job.state).toBe("completed");
    // Every response already has a theme from the analysis, so none is mapped again.
    expect(job.result).toMatchObject({ engine: "offline", responses: 0, unprocessed: 0, kept: 1 });

    const question = await sorter.json(`/questions/${questionId}`);
    expect(question.finalMappedAt).not.toBeNull();
    const kept = await sorter.json(`/responses/${responses[0].id}`);
    expect(kept.themes).toEqual([expect.objectContaining({ id: other.id, source: "person" })]);
    const all = await sorter.json(`/questions/${questionId}/responses`);
    expect(all.responses.every((r: { themes: unknown[] }) => r.themes.length > 0)).toBe(true);
    const changes = await sorter.json(`/questions/${questionId}/changes`);
    expect(changes[0]).toMatchObject({ action: "final_mapping.finished", source: "ai" });
  });
});
