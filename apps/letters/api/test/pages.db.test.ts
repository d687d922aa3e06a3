import path from "node:path";
import { randomUUID } from "node:crypto";
import type { UserClaims } from "@bernard/auth";
import { afterAll, beforeAll, expect, it } from "vitest";
import { drafter, outsider, startLetters } from "./helpers.js";

let letters: Awaited<ReturnType<typeof startLetters>>;
beforeAll(async () => {
  letters = await startLetters({ webRoot: path.resolve(import.meta.dirname, "../../web/dist") });
});
afterAll(() => letters?.server.close());

it("answers 404 to a page about a case, or a version of its reply, that does not exist or is not the person's to see", async () => {
  const created = await letters.loggedCase();
  expect((await letters.as(drafter).post(`/cases/${created.id}/draft`, {})).status).toBe(201);
  const status = async (person: UserClaims, page: string) =>
    `${page} ${(await letters.openPageAs(person, page)).status}`;

  const pages = [`/c/${created.id}`, `/c/${created.id}/edit`, `/c/${created.id}/versions/1`];
  for (const page of pages) {
    expect(await status(drafter, page)).toBe(`${page} 200`);
    expect(await status(outsider, page)).toBe(`${page} 404`);
  }
  const missing = [
    `/c/${created.id}/versions/2`,
    `/c/${created.id}/versions/0`,
    `/c/${created.id}/versions/one`,
    `/c/${randomUUID()}/edit`,
    `/c/${randomUUID()}/versions/1`,
    "/c/not-an-id/edit",
  ];
  for (const page of missing) expect(await status(drafter, page)).toBe(`${page} 404`);
});
