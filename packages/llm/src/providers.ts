import OpenAI, { AzureOpenAI } from "openai";
import { z } from "zod";

/** Where model calls go. Tools are given the portal's gateway as an OpenAI-compatible provider. */
export type ProviderConfig =
  | { kind: "openai"; apiKey: string; baseUrl?: string | undefined }
  | { kind: "azure"; apiKey: string; endpoint: string; apiVersion: string }
  | { kind: "openai-compatible"; baseUrl: string; apiKey?: string | undefined };

export interface ModelSettings {
  /** undefined: no model configured; every call raises NoModelConfiguredError. */
  provider: ProviderConfig | undefined;
  /** Models admins may choose from; the first is the default. */
  models: string[];
  requestsPerMinute: number | undefined;
  tokensPerMinute: number | undefined;
}

const DEFAULT_AZURE_API_VERSION = "2024-10-21";

/** The environment variables that name a model provider; apps parse them with their own settings. */
export const modelEnvironment = z.object({
  BERNARD_LLM_PROVIDER: z.enum(["openai", "azure", "openai-compatible", "none"]).optional(),
  BERNARD_LLM_API_KEY: z.string().min(1).optional(),
  BERNARD_LLM_BASE_URL: z
    .string()
    .url("BERNARD_LLM_BASE_URL must be a URL, like http://localhost:11434/v1")
    .optional(),
  BERNARD_LLM_AZURE_ENDPOINT: z
    .string()
    .url("BERNARD_LLM_AZURE_ENDPOINT must be a URL, like https://my-resource.openai.azure.com")
    .optional(),
  BERNARD_LLM_AZURE_API_VERSION: z.string().default(DEFAULT_AZURE_API_VERSION),
  BERNARD_LLM_MODELS: z.string().default("gpt-4o-mini"),
  BERNARD_LLM_REQUESTS_PER_MINUTE: z.coerce.number().int().positive().optional(),
  BERNARD_LLM_TOKENS_PER_MINUTE: z.coerce.number().int().positive().optional(),
});

/**
 * The model provider named by parsed environment values. The kind is taken from
 * BERNARD_LLM_PROVIDER, or guessed from which of the other settings are present.
 */
export function modelSettings(values: z.output<typeof modelEnvironment>): ModelSettings {
  const kind =
    values.BERNARD_LLM_PROVIDER ??
    (values.BERNARD_LLM_AZURE_ENDPOINT
      ? "azure"
      : values.BERNARD_LLM_BASE_URL
        ? "openai-compatible"
        : values.BERNARD_LLM_API_KEY
          ? "openai"
          : "none");
  const apiKey = values.BERNARD_LLM_API_KEY;
  const need = (value: string | undefined, name: string) => {
    if (!value) throw new Error(`BERNARD_LLM_PROVIDER is ${kind}, so ${name} is needed too.`);
    return value;
  };
  const provider: ProviderConfig | undefined =
    kind === "openai"
      ? { kind, apiKey: need(apiKey, "BERNARD_LLM_API_KEY"), baseUrl: values.BERNARD_LLM_BASE_URL }
      : kind === "azure"
        ? {
            kind,
            apiKey: need(apiKey, "BERNARD_LLM_API_KEY"),
            endpoint: need(values.BERNARD_LLM_AZURE_ENDPOINT, "BERNARD_LLM_AZURE_ENDPOINT"),
            apiVersion: values.BERNARD_LLM_AZURE_API_VERSION,
          }
        : kind === "openai-compatible"
          ? { kind, baseUrl: need(values.BERNARD_LLM_BASE_URL, "BERNARD_LLM_BASE_URL"), apiKey }
          : undefined;
  return {
    provider,
    models: values.BERNARD_LLM_MODELS.split(",")
      .map((model) => model.trim())
      .filter(Boolean),
    requestsPerMinute: values.BERNARD_LLM_REQUESTS_PER_MINUTE,
    tokensPerMinute: values.BERNARD_LLM_TOKENS_PER_MINUTE,
  };
}

/** The openai SDK client for a provider. Retries are Bernard's own (counted, limiter-aware), so the SDK's are off. */
export function createSdkClient(provider: ProviderConfig, timeoutMs: number): OpenAI {
  const common = { maxRetries: 0, timeout: timeoutMs };
  switch (provider.kind) {
    case "openai":
      return new OpenAI({ ...common, apiKey: provider.apiKey, baseURL: provider.baseUrl ?? null });
    case "azure":
      // Azure names deployments after models, so the request's model picks the deployment.
      return new AzureOpenAI({
        ...common,
        apiKey: provider.apiKey,
        endpoint: provider.endpoint,
        apiVersion: provider.apiVersion,
      });
    case "openai-compatible":
      // Local servers (vLLM, Ollama) often need no key; the SDK insists on one.
      return new OpenAI({
        ...common,
        apiKey: provider.apiKey ?? "none",
        baseURL: provider.baseUrl,
      });
  }
}
