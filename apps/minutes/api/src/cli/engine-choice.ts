import { COMMAND_NEEDS_A_MODEL, commandLineModelClient, type LlmClient } from "@bernard/llm";

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
  const client = commandLineModelClient(env, { command: "pnpm minutes", tool: "minutes" });
  if (!client) throw new Error(COMMAND_NEEDS_A_MODEL);
  return client;
}
