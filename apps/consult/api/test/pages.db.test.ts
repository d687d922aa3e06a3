import path from "node:path";
import { randomUUID } from "node:crypto";
import type { UserClaims } from "@bernard/auth";
import { PAGES } from "@bernard/consult-contract";
import { afterAll, beforeAll, expect, it } from "vitest";
import { analyst, startSorter } from "./helpers.js";

let sorter: Awaited<ReturnType<typeof startSorter>>;
beforeAll(async () => {
  sorter = await startSorter({ webRoot: path.resolve(import.meta.dirname, "../../web/dist") });
});
afterAll(() => sorter?.server.close());

const stranger: UserClaims = { ...analyst, sub: "user-stranger", name: "S" };

it("answers every page about a consultation or question to who may see it, and 404 to a page about something that does not exist or is not the person's to see", async () => {
  const created = await (await sorter.post("/consultations", { title: "Evening buses" })).json();
  const { questions } = await (
    await sorter.post(`/consultations/${created.id}/questions`, {
      text: "Do you agree?",
      hasClosedPart: false,
    })
  ).json();
  const questionId = questions[0].id as string;
  const status = async (user: UserClaims, page: string) =>
    `${page} ${(await sorter.openPageAs(user, page)).status}`;

  // Every page the UI has about a consultation or a question, so a page added later is covered.
  const idFor: Record<string, string> = { c: created.id, q: questionId };
  const pages = Object.values(PAGES)
    .filter((page) => /^\/[cq]\//.test(page))
    .map((page) => page.replace("$id", idFor[page[1]!]!).replace("$themeId", randomUUID()));
  expect(pages.length).toBeGreaterThanOrEqual(9);
  for (const page of pages) {
    expect(await status(analyst, page)).toBe(`${page} 200`);
    expect(await status(stranger, page)).toBe(`${page} 404`);
  }
  const missing = [
    `/c/${randomUUID()}`,
    `/q/${randomUUID()}/responses`,
    `/q/${randomUUID()}/dashboard`,
    `/r/${randomUUID()}`,
    "/c/not-an-id",
    "/no-such-page",
  ];
  for (const page of missing) expect(await status(analyst, page)).toBe(`${page} 404`);
  // Still the app, so it can say "Page not found" in the portal's header.
  const answer = await sorter.openPageAs(analyst, `/r/${randomUUID()}`);
  expect(await answer.text()).toContain('<div id="root"></div>');
});
