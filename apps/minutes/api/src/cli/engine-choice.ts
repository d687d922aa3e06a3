import { LlmClient, modelEnvironment, modelSettings } from "@bernard/llm";

export const ENGINES = ["offline", "model"] as const;
export type EngineName = (typeof ENGINES)[number];

export function isEngine(value: string | undefined): value is EngineName {
  return ENGINES.includes(value as EngineName);
}

/** What the CLIs say when asked for an engine that does not exist. */
export function unknownEngine(engine: string | undefined): string {
  return `There is no engine called "${engine}": use --engine offline (no model needed) or --engine model.`;
}

/**
 * The model the command line uses, from the BERNARD_LLM_* settings (README, "Models"); a clear
 * message when none is set, since the offline engine needs none.
 */
export function modelClientFromEnv(env: NodeJS.ProcessEnv = process.env): LlmClient {
  const parsed = modelEnvironment.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `The model settings are not valid: ${parsed.error.issues.map((issue) => issue.message).join("; ")}.`,
    );
  }
  const settings = modelSettings(parsed.data);
  if (!settings.provider) {
    throw new Error(
      '--engine model needs a model: set BERNARD_LLM_PROVIDER and its settings (README, "Models"), or use --engine offline, which needs none.',
    );
  }
  return new LlmClient({
    provider: settings.provider,
    model: settings.models[0]!,
    limits: {
      ...(settings.requestsPerMinute ? { requestsPerMinute: settings.requestsPerMinute } : {}),
      ...(settings.tokensPerMinute ? { tokensPerMinute: settings.tokensPerMinute } : {}),
    },
    attribution: { tool: "minutes" },
  });
}
