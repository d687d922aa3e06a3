import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chooseEngine,
  estimateRun,
  modelEstimate,
  noModelReason,
  portalModelAccess,
} from "../src/index.js";
import { startFakeOpenAi, type FakeOpenAi } from "../src/testing/fake-openai.js";

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(() => fake.close());

/** A portal whose gateway has no provider: it answers 503, as the real one does. */
async function portalWithoutModel() {
  const server = createServer((_request, response) => {
    response.writeHead(503, { "content-type": "application/json" });
    response.end(JSON.stringify({ error: { code: "MODEL_NOT_CONFIGURED", message: "No model" } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe("choosing between the model and the offline engine", () => {
  const options = { toolName: "the minute summariser" };

  it("uses the model the portal gives the tool, asked as the person", async () => {
    const portal = new URL(fake.url).origin; // the fake also answers the gateway's model list
    const choice = await chooseEngine(portalModelAccess(portal), "user-token", options);
    expect(choice).toEqual({ engine: "model", model: "fake-model" });
    const asked = fake.requests.find((request) => request.path === "/api/llm/v1/models")!;
    expect(asked.headers.authorization).toBe("Bearer user-token");
  });

  it("falls back to offline, with a reason to show, when no model is configured", async () => {
    const portal = await portalWithoutModel();
    try {
      const choice = await chooseEngine(portalModelAccess(portal.url), "user-token", options);
      expect(choice).toEqual({ engine: "offline", reason: noModelReason(options.toolName) });
      expect(noModelReason(options.toolName)).toContain("the minute summariser");
      expect(noModelReason(options.toolName)).toContain("portal's Models page");
    } finally {
      await portal.close();
    }
  });

  it("falls back to offline without model access or without a token", async () => {
    expect(await chooseEngine(undefined, "user-token", options)).toMatchObject({
      engine: "offline",
    });
    expect(
      await chooseEngine(portalModelAccess(new URL(fake.url).origin), null, options),
    ).toMatchObject({ engine: "offline" });
  });

  it("says the portal did not answer when it is down, and still offers offline", async () => {
    const portal = await portalWithoutModel();
    await portal.close();
    const choice = await chooseEngine(portalModelAccess(portal.url), "user-token", options);
    expect(choice.engine).toBe("offline");
    expect(choice.engine === "offline" && choice.reason).toMatch(
      /^The portal did not say which AI model the minute summariser uses .*the offline engine works without one\.$/,
    );
  });
});

describe("the estimate shown before a run", () => {
  it("adds up the planned calls, prices them and spreads them over concurrent requests", () => {
    const calls = Array.from({ length: 9 }, () => ({ promptTokens: 1_000, completionTokens: 100 }));
    expect(estimateRun("gpt-4o-mini", calls, { concurrency: 3, secondsPerRequest: 30 })).toEqual({
      model: "gpt-4o-mini",
      requests: 9,
      promptTokens: 9_000,
      completionTokens: 900,
      costUsd: (9_000 * 0.15 + 900 * 0.6) / 1_000_000,
      minutes: 2,
    });
  });

  it("has no cost for a model without a known price, and says why there is no model", () => {
    const estimate = estimateRun("in-house-model", {
      requests: 1,
      promptTokens: 10,
      completionTokens: 5,
    });
    expect(estimate.costUsd).toBeNull();
    expect(modelEstimate({ engine: "offline", reason: "No model." }, () => estimate)).toEqual({
      available: false,
      reason: "No model.",
    });
    expect(modelEstimate({ engine: "model", model: "in-house-model" }, () => estimate)).toEqual({
      available: true,
      ...estimate,
    });
  });
});
