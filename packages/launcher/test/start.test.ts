import { describe, expect, it } from "vitest";
import { withoutPortalSecrets } from "../src/start.js";

describe("what the launcher tells tools", () => {
  it("keeps the model provider's key and the single sign-on secret from them", () => {
    expect(
      withoutPortalSecrets({
        PATH: "/usr/bin",
        BERNARD_LLM_API_KEY: "sk-secret",
        BERNARD_LLM_MODELS: "gpt-4o-mini",
        BERNARD_OIDC_CLIENT_SECRET: "shh",
        BERNARD_PORTAL_PORT: "3000",
      }),
    ).toEqual({ PATH: "/usr/bin", BERNARD_PORTAL_PORT: "3000" });
  });
});
