import { LlmClient } from "@bernard/llm";
import { startFakeOpenAi, type FakeOpenAi } from "@bernard/llm/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ModelEngine } from "../src/engine/model.js";
import { offlineStandIn } from "../src/engine/stand-in-model.js";

const SUBJECTS = [
  "buses",
  "trains",
  "fares",
  "parking",
  "cycling",
  "roads",
  "schools",
  "libraries",
];
const VIEWS = ["are too expensive", "run late", "feel unsafe", "need more money", "help families"];
const PLACES = ["in the town", "in villages", "at night", "for pensioners", "for students"];
/** Many small batches on many subjects: together they find far more labels than one reply holds. */
const responses = Array.from({ length: 400 }, (_, index) => ({
  id: `r${index + 1}`,
  text: `The ${SUBJECTS[index % 8]} ${VIEWS[Math.floor(index / 8) % 5]} ${PLACES[Math.floor(index / 40) % 5]}, said respondent ${index + 1}.`,
}));

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi({ reply: offlineStandIn() });
});
afterAll(() => fake?.close());

it("the offline stand-in condenses to the number of themes asked for, so the model engine runs on many batches", async () => {
  const engine = new ModelEngine({
    client: new LlmClient({
      provider: { kind: "openai-compatible", baseUrl: fake.url, apiKey: "test" },
      model: "stand-in",
    }),
    question: "What do you think of local transport and services?",
    tokenBudget: 300,
    targetThemes: { min: 4, max: 10 },
  });
  const themes = await engine.discoverThemes(responses, () => undefined);
  expect(themes.length).toBeGreaterThanOrEqual(4);
  expect(themes.length).toBeLessThanOrEqual(10);
});
