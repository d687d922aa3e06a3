import { LlmClient, modelEnvironment, modelSettings } from "@bernard/llm";
import { parseEnvironment } from "@bernard/toolkit";

/** A client for the model named by the BERNARD_LLM_* settings (README, "Models"), if one is. */
export function configuredModelClient(command: string): LlmClient | undefined {
  const settings = modelSettings(parseEnvironment(modelEnvironment, process.env, command));
  if (!settings.provider) return undefined;
  return new LlmClient({
    provider: settings.provider,
    model: settings.models[0]!,
    limits: {
      ...(settings.requestsPerMinute ? { requestsPerMinute: settings.requestsPerMinute } : {}),
      ...(settings.tokensPerMinute ? { tokensPerMinute: settings.tokensPerMinute } : {}),
    },
    attribution: { tool: "letters" },
  });
}
