import type { ProviderConfig } from "./providers.js";

/**
 * The portal's LLM gateway as a tool's provider: OpenAI-compatible, authenticated with the user
 * token the tool received with the request (or a job token for background work).
 */
export function gatewayProvider(portalUrl: string, token: string): ProviderConfig {
  return {
    kind: "openai-compatible",
    baseUrl: new URL("/api/llm/v1", portalUrl).toString(),
    apiKey: token,
  };
}

/**
 * Trades the user token of a request for a 24-hour job token, so that work started now can keep
 * calling the gateway for the same person after the request's token has expired.
 */
export async function requestJobToken(
  portalUrl: string,
  userToken: string,
): Promise<{ token: string; expiresAt: string }> {
  const response = await fetch(new URL("/api/llm/job-tokens", portalUrl), {
    method: "POST",
    headers: { authorization: `Bearer ${userToken}` },
  });
  if (response.status !== 201) {
    const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
    throw new Error(
      body.error?.message ?? `The portal refused a job token (HTTP ${response.status}).`,
    );
  }
  return (await response.json()) as { token: string; expiresAt: string };
}
