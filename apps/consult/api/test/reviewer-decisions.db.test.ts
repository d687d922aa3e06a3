import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSorter } from "./helpers.js";
import { lateBusCsv } from "./late-bus-answers.js";

let sorter: Awaited<ReturnType<typeof startSorter>>;
beforeAll(async () => {
  sorter = await startSorter();
});
afterAll(() => sorter?.server.close());

interface Theme {
  id: string;
  label: string;
  count: number;
  summary: string | null;
  representatives: { id: string }[];
}
interface Row {
  id: string;
  themes: { id: string }[];
}
const FALLBACKS = ["Other", "No reason given"];

/** A consultation whose one question has the answers above, imported and analysed offline. */
async function analysedAnswers() {
  const { consultationId, questionId } = await sorter.consultationWithQuestion("Late buses");
  const preview = await (await sorter.upload(consultationId, "answers.csv", lateBusCsv())).json();
  const mapping = { respondentId: "id", questions: [{ questionId, column: "answer" }] };
  await sorter.finished(
    (await (await sorter.post(`/uploads/${preview.uploadId}/import`, { mapping })).json()).id,
  );
  const started = await sorter.post(`/questions/${questionId}/analysis`, { engine: "offline" });
  expect((await sorter.finished((await started.json()).id)).state).toBe("completed");
  return { questionId };
}

const themesOf = (questionId: string): Promise<Theme[]> =>
  sorter.json(`/questions/${questionId}/themes`);
/** Every response's themes, by response ID (the sample fits on one page). */
const membershipOf = async (questionId: string) => {
  const page: { total: number; responses: Row[] } = await sorter.json(
    `/questions/${questionId}/responses`,
  );
  expect(page.responses).toHaveLength(page.total);
  return new Map(page.responses.map((row) => [row.id, row.themes.map(({ id }) => id).sort()]));
};
const membersOf = (membership: Map<string, string[]>, themeId: string) =>
  [...membership]
    .filter(([, themes]) => themes.includes(themeId))
    .map(([id]) => id)
    .sort();
const quotesOf = (themes: Theme[]) =>
  new Map(themes.map((theme) => [theme.id, theme.representatives.map(({ id }) => id).sort()]));

describe("a reviewer's decisions", () => {
  it("survive sign-off: rename, merge, move and a response's themes, with every count and quote", async () => {
    const { questionId } = await analysedAnswers();
    const found = (await themesOf(questionId)).filter(
      (theme) => !FALLBACKS.includes(theme.label) && theme.count > 0,
    );
    expect(found.length).toBeGreaterThanOrEqual(3);
    const [renamed, mergedAway, mergedInto] = found as [Theme, Theme, Theme];
    const start = await membershipOf(questionId);

    expect(
      (
        await sorter.call(`/themes/${renamed.id}`, {
          method: "PATCH",
          body: JSON.stringify({ label: "Evening buses get people home" }),
        })
      ).status,
    ).toBe(204);
    expect(
      (await sorter.post(`/themes/${mergedAway.id}/merge`, { intoThemeId: mergedInto.id })).status,
    ).toBe(204);
    const merged = [
      ...new Set([...membersOf(start, mergedAway.id), ...membersOf(start, mergedInto.id)]),
    ].sort();
    expect(membersOf(await membershipOf(questionId), mergedInto.id)).toEqual(merged);

    // Move one of the merged theme's responses to the renamed theme; set another's themes.
    const moved = merged[0]!;
    expect(
      (
        await sorter.post(`/themes/${mergedInto.id}/move`, {
          toThemeId: renamed.id,
          responseIds: [moved],
        })
      ).status,
    ).toBe(204);
    const chosen = [...start.keys()].find(
      (id) => id !== moved && !(start.get(id) ?? []).includes(renamed.id),
    )!;
    expect(
      (
        await sorter.call(`/responses/${chosen}/themes`, {
          method: "PUT",
          body: JSON.stringify({ themeIds: [renamed.id, mergedInto.id] }),
        })
      ).status,
    ).toBe(204);

    const beforeSignOff = await membershipOf(questionId);
    const themesBefore = await themesOf(questionId);
    expect(beforeSignOff.get(moved)).toContain(renamed.id);
    expect(beforeSignOff.get(moved)).not.toContain(mergedInto.id);
    expect(beforeSignOff.get(chosen)).toEqual([renamed.id, mergedInto.id].sort());

    // Placed by the reviewer: the merged-away theme's own responses, the moved and the chosen one.
    const placedByReviewer = new Set([
      ...membersOf(start, mergedAway.id).filter(
        (id) => !membersOf(start, mergedInto.id).includes(id),
      ),
      moved,
      chosen,
    ]);
    const signOff = await sorter.post(`/questions/${questionId}/sign-off`, {});
    expect(signOff.status).toBe(202);
    const job = await sorter.finished((await signOff.json()).id);
    expect(job.state).toBe("completed");

    // No response changed theme: every count and membership is what the reviewer left.
    const after = await membershipOf(questionId);
    expect(after).toEqual(beforeSignOff);
    const themesAfter = await themesOf(questionId);
    expect(themesAfter.map(({ id, label, count }) => ({ id, label, count }))).toEqual(
      themesBefore.map(({ id, label, count }) => ({ id, label, count })),
    );
    // The merged theme holds its merged responses less the moved one, plus the chosen one.
    const mergedIntoMembers = [...new Set([...merged.filter((id) => id !== moved), chosen])].sort();
    expect(membersOf(after, mergedInto.id)).toEqual(mergedIntoMembers);
    expect(themesAfter.find((theme) => theme.id === mergedInto.id)!.count).toBe(
      mergedIntoMembers.length,
    );
    expect(themesAfter.find((theme) => theme.id === mergedAway.id)).toBeUndefined();

    // Quotes: kept for untouched themes, written again (from their own responses) for changed ones.
    const quotesBefore = quotesOf(themesBefore);
    for (const theme of themesAfter) {
      const members = membersOf(after, theme.id);
      if (members.length > 0) expect(theme.representatives.length).toBeGreaterThan(0);
      for (const quote of theme.representatives) expect(members).toContain(quote.id);
      if (![renamed.id, mergedInto.id].includes(theme.id))
        expect(quotesOf([theme]).get(theme.id)).toEqual(quotesBefore.get(theme.id));
      else expect(theme.summary).toBeTruthy();
    }
    const changes: { action: string; details: Record<string, unknown> }[] = await sorter.json(
      `/questions/${questionId}/changes`,
    );
    expect(changes[0]).toMatchObject({
      action: "final_mapping.finished",
      details: { responses: 0, kept: placedByReviewer.size },
    });
  });

  it("can undo a merge and a deletion from the change log", async () => {
    const { questionId } = await sorter.analysedSample();
    const [first, second] = (await themesOf(questionId)).filter(
      (theme) => !FALLBACKS.includes(theme.label) && theme.count > 0,
    ) as [Theme, Theme];
    const start = await membershipOf(questionId);
    const startThemes = await themesOf(questionId);

    await sorter.post(`/themes/${second.id}/merge`, { intoThemeId: first.id });
    expect((await sorter.call(`/themes/${first.id}`, { method: "DELETE" })).status).toBe(204);
    let changes: { id: string; action: string; undoable: boolean }[] = await sorter.json(
      `/questions/${questionId}/changes`,
    );
    expect(changes.slice(0, 2).map(({ action, undoable }) => ({ action, undoable }))).toEqual([
      { action: "theme.deleted", undoable: true },
      { action: "theme.merged", undoable: true },
    ]);
    for (const change of changes.slice(0, 2)) {
      const undone = await sorter.post(`/questions/${questionId}/changes/${change.id}/undo`, {});
      expect(undone.status).toBe(204);
    }
    expect(await membershipOf(questionId)).toEqual(start);
    expect(
      (await themesOf(questionId)).map(({ id, label, count, representatives }) => ({
        id,
        label,
        count,
        representatives,
      })),
    ).toEqual(
      startThemes.map(({ id, label, count, representatives }) => ({
        id,
        label,
        count,
        representatives,
      })),
    );
    changes = await sorter.json(`/questions/${questionId}/changes`);
    expect(changes.filter((change) => change.undoable)).toEqual([]);
    const again = await sorter.post(`/questions/${questionId}/changes/${changes[2]!.id}/undo`, {});
    expect(again.status).toBe(409);
  });

  it("survive analysing again: a renamed theme is not found twice and placed responses stay", async () => {
    const { questionId } = await sorter.analysedSample();
    const found = (await themesOf(questionId)).filter(
      (theme) => !FALLBACKS.includes(theme.label) && theme.count > 0,
    );
    const [renamed, chosenTheme] = found as [Theme, Theme];
    const originalLabel = renamed.label;
    await sorter.call(`/themes/${renamed.id}`, {
      method: "PATCH",
      body: JSON.stringify({ label: "People need the late buses" }),
    });
    const start = await membershipOf(questionId);
    const placed = [...start.keys()].find((id) => !start.get(id)!.includes(chosenTheme.id))!;
    await sorter.call(`/responses/${placed}/themes`, {
      method: "PUT",
      body: JSON.stringify({ themeIds: [chosenTheme.id] }),
    });
    const themesBefore = await themesOf(questionId);

    const estimate = await sorter.json(`/questions/${questionId}/analysis/estimate`);
    expect(estimate.reanalysis).toEqual({
      themesKept: expect.arrayContaining(["People need the late buses", chosenTheme.label]),
      themesReplaced: themesBefore.length - estimate.reanalysis.themesKept.length,
      responsesKept: 1,
      responsesToMap: start.size - 1,
    });
    expect(estimate.reanalysis.themesKept).toHaveLength(2);

    const started = await sorter.post(`/questions/${questionId}/analysis`, { engine: "offline" });
    expect((await sorter.finished((await started.json()).id)).state).toBe("completed");

    const themes = await themesOf(questionId);
    const after = await membershipOf(questionId);
    expect(themes.filter((theme) => theme.label === originalLabel)).toEqual([]);
    expect(themes.filter((theme) => theme.id === renamed.id)).toHaveLength(1);
    expect(themes.find((theme) => theme.id === chosenTheme.id)).toBeDefined();
    expect(after.get(placed)).toEqual([chosenTheme.id]);
    expect(themes.map((theme) => theme.label)).toEqual([
      ...new Set(themes.map((theme) => theme.label)),
    ]);
    // No two themes hold the same responses.
    const sets = themes
      .map((theme) => membersOf(after, theme.id).join())
      .filter((members) => members !== "");
    expect(sets).toEqual([...new Set(sets)]);
    expect(themes).toHaveLength(themesBefore.length);
  });
});
