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
    ]);
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
    expect((await sorter.post(`/questions/${questionId}/sign-off`, {})).status).toBe(204);
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
});
