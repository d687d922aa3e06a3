import { startToolInBrowser, type TestBernardOptions } from "@bernard/launcher/testing";
import { launchChromium } from "@bernard/ui/testing";
import type { Page } from "playwright-core";

/**
 * The portal and the sorter started as `pnpm start` would, on ports of their own and throwaway
 * data, with Chromium; `signedIn()` opens the sorter as someone (by default the first admin).
 */
export const startBernard = (options: TestBernardOptions) =>
  startToolInBrowser({
    ...options,
    tool: "consult",
    startHeading: "Consultations",
    browser: launchChromium(),
  });

/**
 * A consultation with one question and `csv` (`id,answer`) imported, set up through the
 * sorter's API as the signed-in page would, with the session's CSRF token; its question's ID.
 */
export async function importedQuestion(
  page: Page,
  setup: { title: string; question: string; csv: string; openToEveryone?: boolean },
): Promise<string> {
  return page.evaluate(async ({ title, question, csv, openToEveryone = false }) => {
    const { csrfToken } = (await (await fetch("/api/session")).json()) as { csrfToken: string };
    const api = "/tools/consult/api";
    const send = async (route: string, body: unknown) =>
      (
        await fetch(`${api}${route}`, {
          method: "POST",
          headers: { "x-csrf-token": csrfToken, "content-type": "application/json" },
          body: JSON.stringify(body),
        })
      ).json();
    const created = await send("/consultations", { title, openToEveryone });
    const { questions } = await send(`/consultations/${created.id}/questions`, { text: question });
    const form = new FormData();
    form.set("file", new Blob([csv]), "responses.csv");
    const preview = await (
      await fetch(`${api}/consultations/${created.id}/uploads`, {
        method: "POST",
        headers: { "x-csrf-token": csrfToken },
        body: form,
      })
    ).json();
    const job = await send(`/uploads/${preview.uploadId}/import`, {
      mapping: {
        respondentId: "id",
        questions: [{ questionId: questions[0].id, column: "answer" }],
      },
    });
    for (let tries = 0; tries < 600; tries += 1) {
      const state = (await (await fetch(`${api}/jobs/${job.id}`)).json()).state;
      if (state === "completed") break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return questions[0].id as string;
  }, setup);
}
