import { LlmClient } from "./client.js";
import { gatewayProvider, requestJobToken } from "./gateway.js";
import { costOf, type Attribution, type ModelPrice } from "./usage.js";

/**
 * How a tool reaches a model: through the portal's LLM gateway, as the person using it. The
 * portal decides which model the tool uses (its Models page); the tool never holds a key.
 */
export interface ModelAccess {
  /** The model the portal gives the tool; undefined when none is set up. */
  currentModel(userToken: string): Promise<string | undefined>;
  /** A credential for background work that outlives the request's token. */
  credentialFor(userToken: string): Promise<string>;
  /** A client for one run, with the credential from `credentialFor`. */
  client(credential: string, model: string, attribution: Attribution): LlmClient;
}

/** Model access through the portal at `portalUrl`, which holds the provider's key. */
export function portalModelAccess(portalUrl: string): ModelAccess {
  return {
    async currentModel(userToken) {
      const response = await fetch(new URL("/api/llm/v1/models", portalUrl), {
        headers: { authorization: `Bearer ${userToken}` },
      });
      if (!response.ok) return undefined; // 503: no provider configured
      const body = (await response.json()) as { data?: { id?: string }[] };
      return body.data?.[0]?.id;
    },
    async credentialFor(userToken) {
      return (await requestJobToken(portalUrl, userToken)).token;
    },
    client: (credential, model, attribution) =>
      new LlmClient({ provider: gatewayProvider(portalUrl, credential), model, attribution }),
  };
}

/** Which engine a run can use: the model the portal gives the tool, or the offline one and why. */
export type EngineChoice =
  { engine: "model"; model: string } | { engine: "offline"; reason: string };

/** What a page says when a tool has no model: who can change that, and that offline still works. */
export function noModelReason(toolName: string): string {
  return `No AI model is set up for ${toolName}. An admin can choose one on the portal's Models page; the offline engine works without one.`;
}

/**
 * The engine a tool can run for this person now: the model configured for the tool in the
 * portal, or, with none (no access, no token, no model, or the portal not answering), the offline
 * engine with a reason the page can show.
 */
export async function chooseEngine(
  access: ModelAccess | undefined,
  userToken: string | null | undefined,
  { toolName }: { toolName: string },
): Promise<EngineChoice> {
  if (!access || !userToken) return { engine: "offline", reason: noModelReason(toolName) };
  let model: string | undefined;
  try {
    model = await access.currentModel(userToken);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      engine: "offline",
      reason: `The portal did not say which AI model ${toolName} uses (${why}). Try again later; the offline engine works without one.`,
    };
  }
  return model
    ? { engine: "model", model }
    : { engine: "offline", reason: noModelReason(toolName) };
}

/** One planned model call, as the estimate counts it. */
export interface PlannedCall {
  promptTokens: number;
  /** The reply's tokens, as expected (replies are not known before the run). */
  completionTokens: number;
}

/** What a run with the model is likely to take, shown before it starts. */
export interface RunEstimate {
  model: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  /** At list prices; null when the model's price is not known. */
  costUsd: number | null;
  minutes: number;
}

/** The estimate a page shows for the model engine: figures, or why the model is not available. */
export type ModelEstimate =
  ({ available: true } & RunEstimate) | { available: false; reason: string };

export interface EstimateOptions {
  /** Requests in flight at once during the run (default 4). */
  concurrency?: number;
  /** A request's expected duration (default 10 s). */
  secondsPerRequest?: number;
  prices?: Record<string, ModelPrice>;
}

/**
 * Adds up planned calls into what a page shows: requests, tokens in and out, cost at list price
 * (if the model is priced) and whole minutes, running `concurrency` requests at a time.
 */
export function estimateRun(
  model: string,
  calls: PlannedCall[] | { requests: number; promptTokens: number; completionTokens: number },
  { concurrency = 4, secondsPerRequest = 10, prices }: EstimateOptions = {},
): RunEstimate {
  const totals = Array.isArray(calls)
    ? {
        requests: calls.length,
        promptTokens: calls.reduce((sum, call) => sum + call.promptTokens, 0),
        completionTokens: calls.reduce((sum, call) => sum + call.completionTokens, 0),
      }
    : calls;
  return {
    model,
    ...totals,
    costUsd: costOf(model, totals.promptTokens, totals.completionTokens, prices) ?? null,
    minutes: Math.ceil(((totals.requests / concurrency) * secondsPerRequest) / 60),
  };
}

/** The model engine's estimate for a choice: figures when a model is chosen, else its reason. */
export function modelEstimate(
  choice: EngineChoice,
  plan: (model: string) => RunEstimate,
): ModelEstimate {
  return choice.engine === "model"
    ? { available: true, ...plan(choice.model) }
    : { available: false, reason: choice.reason };
}
