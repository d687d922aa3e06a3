import { startFakeOpenAi, type FakeOpenAi } from "@bernard/llm/testing";
import { accessibilityViolations } from "@bernard/ui/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { scriptedModel } from "../scripted-model.js";
import { startBernard } from "./bernard.js";

let fake: FakeOpenAi;
let bernard: Awaited<ReturnType<typeof startBernard>>;

beforeAll(async () => {
  fake = await startFakeOpenAi({ reply: scriptedModel });
  bernard = await startBernard({ name: "consult-model", modelUrl: fake.url });
}, 120_000);
afterAll(async () => {
  await bernard?.stop();
  await fake?.close();
});

it(
  "finds themes with the AI model through the portal's gateway, with the estimate shown first",
  { timeout: 120_000 },
  async () => {
    const page = await bernard.signedIn();
    await page.getByRole("link", { name: /Evening bus services/ }).click();
    await page.getByRole("link", { name: "Themes for question 1" }).click();

    const model = page.getByLabel("AI model (gpt-4o-mini)");
    // The page asks the portal which model it may use before offering it.
    await expect.poll(() => model.count(), { timeout: 20_000 }).toBe(1);
    expect(await page.locator("main").textContent()).toMatch(
      /About \d+ requests, [\d,]+ tokens, US\$\d+\.\d\d at list prices/,
    );
    await model.check();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Find themes" }).click();
    await expect
      .poll(() => page.locator(".bernard-progress h2").textContent(), { timeout: 60_000 })
      .toBe("Analysing the responses: Finished");

    const table = page.locator("table", { hasText: "Themes, most responses first" });
    await expect.poll(() => table.textContent(), { timeout: 20_000 }).toContain("Getting to work");
    expect(await table.textContent()).toContain("responses make this point.");
    expect(await page.locator("main").textContent()).toContain("Found by the AI model.");
    expect(await accessibilityViolations(page)).toEqual([]);

    // Every call went through the portal: the provider saw the portal's key, never a user's token.
    const calls = fake.chatRequests();
    expect(calls.length).toBeGreaterThan(3);
    for (const call of calls) expect(call.headers.authorization).toBe("Bearer provider-key");
  },
);
