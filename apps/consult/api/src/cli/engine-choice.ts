import { commandLineModelClient, LlmClient } from "@bernard/llm";
import { startFakeOpenAi } from "@bernard/llm/testing";
import { ModelEngine } from "../engine/model.js";
import { offlineAnalysis } from "../engine/offline.js";
import { offlineStandIn } from "../engine/stand-in-model.js";
import type { AnalysisEngine } from "../engine/types.js";

export interface ChosenEngine {
  engine: AnalysisEngine;
  /** What ran, for the printed results. */
  description: string;
  client?: LlmClient;
  close(): Promise<void>;
}

const NO_MODEL =
  "No model is configured. Set BERNARD_LLM_PROVIDER and BERNARD_LLM_API_KEY (see the README), or use --engine offline.";

/**
 * The engine the command line asked for. The model engine uses the provider in the BERNARD_LLM_*
 * environment; where there is none and `standIn` is set, it runs against a fake server answering
 * with the offline engine, which proves the pipeline but measures nothing about a model.
 */
export async function chooseEngine(
  name: string,
  question: string,
  env: Record<string, string | undefined>,
  { standIn = false } = {},
): Promise<ChosenEngine> {
  if (name === "offline") {
    return {
      engine: offlineAnalysis(question),
      description: "offline engine",
      close: async () => undefined,
    };
  }
  if (name !== "model") throw new Error(`--engine must be offline or model, not "${name}".`);
  const configured = commandLineModelClient(env, { command: "pnpm consult", tool: "consult" });
  if (configured) {
    return {
      engine: new ModelEngine({ client: configured, question }),
      description: `model engine (${configured.model})`,
      client: configured,
      close: async () => undefined,
    };
  }
  if (!standIn) throw new Error(NO_MODEL);
  const fake = await startFakeOpenAi({ reply: offlineStandIn() });
  const client = new LlmClient({
    provider: { kind: "openai-compatible", baseUrl: fake.url, apiKey: "stand-in" },
    model: "offline-stand-in",
  });
  return {
    engine: new ModelEngine({ client, question }),
    description:
      "model engine against a fake server answering with the offline engine (no model configured: this proves the pipeline, its figures say nothing about a model)",
    client,
    close: () => fake.close(),
  };
}
