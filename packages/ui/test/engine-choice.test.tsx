import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { EngineChoice, type EngineEstimate } from "../src/index.js";

const choice = (estimate: EngineEstimate | undefined) =>
  renderToStaticMarkup(
    <EngineChoice
      estimate={estimate}
      working="Working out what drafting will take…"
      legend="Which engine drafts it?"
      offline="No AI model: the template around the lines."
      model="Writes it from the lines."
      action="Draft"
      onRun={() => {}}
    />,
  );

describe("<EngineChoice>", () => {
  it("says it is working out the estimate until it has one", () => {
    expect(choice(undefined)).toBe(
      '<p class="govuk-body">Working out what drafting will take…</p>',
    );
  });

  it("offers only the offline engine without a model, and says why", () => {
    const html = choice({
      offline: { seconds: 1 },
      model: { available: false, reason: "No AI model is set up for the drafter." },
    });
    expect(html).toContain("No AI model: the template around the lines. About 1 second; no cost.");
    expect(html).toContain("No AI model is set up for the drafter.");
    expect(html).not.toContain('value="model"');
  });

  it("shows the model's requests, tokens, cost and time before the run", () => {
    const html = choice({
      offline: { seconds: 3 },
      model: {
        available: true,
        model: "gpt-4o-mini",
        requests: 12,
        promptTokens: 30_000,
        completionTokens: 2_500,
        costUsd: 0.2,
        minutes: 1,
      },
    });
    expect(html).toContain("AI model (gpt-4o-mini)");
    expect(html).toContain(
      "Writes it from the lines. About 12 requests, 32,500 tokens, US$0.20 at list prices, and about 1 minute.",
    );
    expect(html).toContain("About 3 seconds; no cost.");
  });
});
