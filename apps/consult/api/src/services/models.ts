import { gatewayProvider, LlmClient, requestJobToken, type Attribution } from "@bernard/llm";

/** How the sorter reaches a model: through the portal's LLM gateway, as the person using it. */
export interface ModelAccess {
  /** The model the portal gives the sorter; undefined when none is set up. */
  currentModel(userToken: string): Promise<string | undefined>;
  /** A credential for background work that outlives the request's token. */
  credentialFor(userToken: string): Promise<string>;
  /** A client for one analysis, with the credential from `credentialFor`. */
  client(credential: string, model: string, attribution: Attribution): LlmClient;
}

/** Model access through the portal at `portalUrl`, which holds the provider's key. */
export function portalModels(portalUrl: string): ModelAccess {
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
