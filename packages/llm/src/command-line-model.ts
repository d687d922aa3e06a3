import { LlmClient } from "./client.js";
import { modelEnvironment, modelSettings } from "./providers.js";

/** What a command line says when `--engine model` is asked for and no model is set. */
export const COMMAND_NEEDS_A_MODEL =
  '--engine model needs a model: set BERNARD_LLM_PROVIDER and its settings (README, "Models"), or use --engine offline, which needs none.';

/**
 * A client for the model the BERNARD_LLM_* settings name (README, "Models"), for a tool's command
 * line, which runs without the portal: the first model listed, within the settings' per-minute
 * limits, its usage attributed to `tool`. Undefined where the settings name no provider; a wrong
 * setting stops `command` with each variable and what is wrong with it.
 */
export function commandLineModelClient(
  env: Record<string, string | undefined>,
  { command, tool }: { command: string; tool: string },
): LlmClient | undefined {
  const parsed = modelEnvironment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("\n  ");
    throw new Error(
      `${command} cannot start because its model settings are not valid:\n  ${problems}`,
    );
  }
  const settings = modelSettings(parsed.data);
  if (!settings.provider) return undefined;
  return new LlmClient({
    provider: settings.provider,
    model: settings.models[0]!,
    limits: {
      ...(settings.requestsPerMinute ? { requestsPerMinute: settings.requestsPerMinute } : {}),
      ...(settings.tokensPerMinute ? { tokensPerMinute: settings.tokensPerMinute } : {}),
    },
    attribution: { tool },
  });
}
