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
  summary: string | null;
  representatives: { id: string }[];
}
interface Row {
  id: string;
  themes: { id: string }[];
}
const FALLBACKS = ["Other", "No reason given"];

/** Forty answers written for this test, on four subjects in varied words. */
const ANSWERS = [
  ...[
    "I work late shifts at the hospital and the last bus gets me home",
    "My shift ends at eleven so I rely on the late service to get back from work",
    "Without evening buses I cannot get home after my shift at the warehouse",
    "Night workers like me need a bus after ten to get back from work",
    "I finish work at the factory late and the bus is my only way home",
    "Shift workers in care homes depend on these late buses to get home",
    "My job in a restaurant ends late and I take the last bus home from work",
    "Cleaners on the evening shift need the bus to get home from work",
    "I would lose my job if the late bus home from my shift stopped",
    "Evening shifts at the supermarket mean I need the bus to get home",
  ],
  ...[
    "A taxi home costs twenty pounds which I cannot afford",
    "Fares are already too expensive and taxis cost far more",
    "I cannot pay for a taxi every night, the bus is the only cheap option",
    "Taxis are too expensive for people on low wages",
    "The cost of getting a taxi instead would be more than I earn in an hour",
    "Bus fares are cheap compared to the price of a taxi",
    "People on benefits cannot afford taxis when the bus is cut",
    "The price of taxis in this town is far too high for students",
    "I would have to spend money I do not have on taxis",
    "Cheaper than a taxi, the bus is what I can afford on my wage",
  ],
  ...[
    "Older people in the villages will be cut off and lonely",
    "My elderly mother relies on the bus to visit friends in the evening",
    "Pensioners in rural villages will be isolated without buses",
    "Elderly residents cannot drive and will be stuck at home",
    "Cutting the service leaves older people in villages alone",
    "Lonely pensioners use the evening bus to get to the social club",
    "Rural villages have no other transport for older residents",
    "My grandparents would be isolated in their village",
    "Older people without cars will be trapped in the villages",
    "Isolation of elderly people in villages will get worse",
  ],
  ...[
    "Waiting at a dark bus stop is unsafe, more lighting is needed",
    "I do not feel safe walking home at night without the bus",
    "Women walking alone at night are at risk if the buses stop",
    "The walk home in the dark is dangerous for young people",
    "Safety at night matters, walking home alone is frightening",
    "Teenagers walking home in the dark at night are not safe",
    "Without the bus I would walk home alone at night and feel unsafe",
    "Streets are dark and dangerous late at night for people walking",
    "Walking home at night alone worries me for my safety",
    "My daughter would have to walk home in the dark which is unsafe",
  ],
];

/** A consultation whose one question has the answers above, imported and analysed offline. */
async function analysedAnswers() {
  const { consultationId, questionId } = await sorter.consultationWithQuestion("Late buses");
  const csv = ["id,answer", ...ANSWERS.map((answer, index) => `${index + 1},"${answer}"`)].join(
    "\n",
  );
  const preview = await (await sorter.upload(consultationId, "answers.csv", csv)).json();
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
