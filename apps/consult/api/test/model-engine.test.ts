import { LlmClient } from "@bernard/llm";
import { startFakeOpenAi, type FakeOpenAi } from "@bernard/llm/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelEngine } from "../src/engine/model.js";
import type { ConsultationResponse } from "../src/engine/types.js";
import { kindOf, scriptedModel } from "./scripted-model.js";

const responses: ConsultationResponse[] = [
  { id: "r1", text: "I work late shifts and the bus is the only way home.", closed: "Disagree" },
  { id: "r2", text: "My daughter needs it to get back from college.", closed: "Disagree" },
  { id: "r3", text: "The buses are empty; the money is better spent elsewhere.", closed: "Agree" },
  { id: "r4", text: "Older people will be stuck at home and isolated.", closed: "Disagree" },
  { id: "r5", text: "Half my staff rely on the last bus to get to work.", closed: "Disagree" },
  { id: "r6", text: "Taxis cost £18 each way, which we cannot afford.", closed: "Disagree" },
];

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi({ reply: scriptedModel });
});
afterAll(() => fake?.close());

const engineWith = (options: Partial<ConstructorParameters<typeof ModelEngine>[0]> = {}) =>
  new ModelEngine({
    client: new LlmClient({
      provider: { kind: "openai-compatible", baseUrl: fake.url, apiKey: "test" },
      model: "gpt-4o-mini",
    }),
    question: "Do you agree with cutting evening buses?",
    ...options,
  });

describe("ModelEngine", () => {
  it("generates themes over several batches, condenses the duplicates, and refines them", async () => {
    const before = fake.chatRequests().length;
    // A small budget: one or two responses per request, so batches find the same themes again.
    const engine = engineWith({ tokenBudget: 200, targetThemes: { min: 2, max: 4 } });
    const progress: number[] = [];
    const themes = await engine.discoverThemes(responses, (done) => progress.push(done));
    const stages = fake
      .chatRequests()
      .slice(before)
      .map((request) => kindOf(request.body as { messages: { role: string; content: string }[] }));
    expect(stages.filter((stage) => stage === "generate").length).toBeGreaterThan(2);
    expect(stages).toContain("condense");
    expect(stages.at(-1)).toBe("refine");
    expect(progress.at(-1)).toBe(responses.length);

    const labels = themes.map((theme) => theme.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(themes.map((theme) => theme.id)).toEqual(themes.map((_, index) => `t${index + 1}`));
    expect(themes.find((theme) => theme.label === "Saving public money")!.stance).toBe("support");
  });

  it("maps with fallbacks, removes themes of the opposite stance, and refuses unknown theme IDs", async () => {
    const themes = [
      { id: "t1", label: "Getting to work", description: "Jobs", stance: "oppose" as const },
      { id: "t2", label: "Saving public money", description: "Money", stance: "support" as const },
    ];
    fake.configure({
      reply: (request) => {
        if (kindOf(request) !== "map") return scriptedModel(request);
        const { items } = JSON.parse(request.messages.at(-1)!.content) as {
          items: { id: string }[];
        };
        return {
          json: {
            results: items.map((item) => ({
              id: item.id,
              // r1 is a supporter given an opposing theme too; r2 names a theme that does not exist.
              themeIds: item.id === "r1" ? ["t1", "t2"] : item.id === "r2" ? ["t9"] : ["other"],
              stance: item.id === "r1" ? "support" : "oppose",
              rationale: "Scripted.",
              evidenceRich: false,
              evidenceReason: "",
            })),
          },
        };
      },
    });
    try {
      const outcome = await engineWith().mapResponses(responses, themes, () => undefined);
      expect(outcome.mapped.find((response) => response.id === "r1")!.themeIds).toEqual(["t2"]);
      expect(outcome.mapped.find((response) => response.id === "r3")!.themeIds).toEqual(["other"]);
      expect(outcome.unprocessed).toEqual([
        { id: "r2", reason: expect.stringContaining("unknown theme ids t9") },
      ]);
      expect(outcome.mapped.length + outcome.unprocessed.length).toBe(responses.length);
    } finally {
      fake.configure({ reply: scriptedModel });
    }
  });
});
