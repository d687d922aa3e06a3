import { afterAll, beforeAll, expect, it } from "vitest";
import { createToolDatabase, type ToolDatabase } from "../src/services/database.js";
import { startSorter } from "./helpers.js";

let sorter: Awaited<ReturnType<typeof startSorter>>;
let db: ToolDatabase;
beforeAll(async () => {
  sorter = await startSorter();
  db = createToolDatabase(sorter.database);
});
afterAll(async () => {
  await db?.$disconnect();
  await sorter?.server.close();
});

interface Theme {
  id: string;
  label: string;
  count: number;
}
const FALLBACKS = ["Other", "No reason given"];

const themesOf = async (responseId: string) =>
  (
    (await sorter.json(`/responses/${responseId}`)) as {
      themes: { id: string; source: string }[];
    }
  ).themes;

it("a response moved into a theme the AI had also given it stays there, placed by the reviewer", async () => {
  const { questionId } = await sorter.analysedSample();
  const [from, to] = ((await sorter.json(`/questions/${questionId}/themes`)) as Theme[]).filter(
    (theme) => !FALLBACKS.includes(theme.label) && theme.count > 0,
  ) as [Theme, Theme];
  const { responseId } = await db.responseTheme.findFirstOrThrow({
    where: { themeId: from.id, source: "ai", response: { themes: { none: { themeId: to.id } } } },
  });
  // The AI gave the response both themes.
  await db.responseTheme.create({
    data: { responseId, themeId: to.id, source: "ai", rationale: "Also about this" },
  });

  const moved = await sorter.post(`/themes/${from.id}/move`, {
    toThemeId: to.id,
    responseIds: [responseId],
  });
  expect(moved.status).toBe(204);
  expect(await themesOf(responseId)).toEqual([
    expect.objectContaining({ id: to.id, source: "person" }),
  ]);

  const again = await sorter.post(`/questions/${questionId}/analysis`, { engine: "offline" });
  expect((await sorter.finished((await again.json()).id)).state).toBe("completed");
  const signOff = await sorter.post(`/questions/${questionId}/sign-off`, {});
  expect((await sorter.finished((await signOff.json()).id)).state).toBe("completed");

  expect(await themesOf(responseId)).toEqual([
    expect.objectContaining({ id: to.id, source: "person" }),
  ]);
});
