import { createTokenIssuer, generateSigningKey, type UserClaims } from "@bernard/auth";
import { LlmClient, NoModelConfiguredError, gatewayProvider, requestJobToken } from "@bernard/llm";
import { startFakeOpenAi, type FakeOpenAi } from "@bernard/llm/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPortalDatabase, type PortalDatabase } from "../src/services/database.js";
import { createUser } from "../src/services/users.js";
import { ADMIN, NO_MODEL, signInHeaders, startPortalWithTool } from "./portal-server.js";

let fake: FakeOpenAi;
let setup: Awaited<ReturnType<typeof startPortalWithTool>>;
let db: PortalDatabase;
let ada: UserClaims;
let admin: Record<string, string>;

beforeAll(async () => {
  fake = await startFakeOpenAi();
  setup = await startPortalWithTool("notes", [], {
    ...NO_MODEL,
    provider: { kind: "openai-compatible", baseUrl: fake.url, apiKey: "provider-secret" },
    models: ["gpt-4o-mini", "gpt-4o"],
  });
  db = createPortalDatabase(setup.portal.database);
  const user = await createUser(db, {
    email: "ada@example.gov.uk",
    name: "Ada",
    role: "user",
    password: "quiet harbour lantern",
  });
  ada = { sub: user.id, name: "Ada", email: user.email, roles: ["user"], groups: [] };
  admin = await signInHeaders(setup.portal.url, ADMIN.email, ADMIN.password);
});
afterAll(async () => {
  await db.$disconnect();
  await setup.portal.server.close();
  await setup.tool.server.close();
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.configure({ reply: () => ({ content: "Hello from the model" }) });
});

/** The LLM client a tool would build for this request, with the token the gateway gave it. */
const toolClient = async (claims = ada, options: { job?: string } = {}) =>
  new LlmClient({
    provider: gatewayProvider(
      setup.portal.url,
      await setup.portal.server.userTokens.issue(claims, "notes"),
    ),
    model: "whatever-the-tool-asks-for",
    retry: { maxRetries: 0 },
    attribution: { job: options.job },
  });

const ask = (text = "Hello") => ({ messages: [{ role: "user" as const, content: text }] });

async function adminPut(path: string, body: unknown) {
  const response = await fetch(`${setup.portal.url}${path}`, {
    method: "PUT",
    headers: { ...admin, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
}

describe("LLM gateway", () => {
  it("answers a tool through the real SDK, with the admin's model, the provider's key, and usage recorded", async () => {
    const result = await (await toolClient()).chat(ask("first call"));
    expect(result.content).toBe("Hello from the model");
    const [request] = fake.chatRequests();
    expect((request!.body as { model: string }).model).toBe("gpt-4o-mini");
    expect(request!.headers.authorization).toBe("Bearer provider-secret");

    const usage = await db.llmUsage.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(usage).toMatchObject({
      toolId: "notes",
      userId: ada.sub,
      userEmail: ada.email,
      model: "gpt-4o-mini",
      status: 200,
      cacheHit: false,
    });
    expect(usage.promptTokens).toBeGreaterThan(0);
    expect(usage.costUsd).toBeGreaterThan(0);
  });

  it("uses the model an admin chooses for the tool, and audits the change", async () => {
    await adminPut("/api/admin/tools/notes", {
      enabled: true,
      openToEveryone: true,
      llmModel: "gpt-4o",
    });
    await (await toolClient()).chat(ask("with the new model"));
    expect((fake.chatRequests()[0]!.body as { model: string }).model).toBe("gpt-4o");
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "tool.model_changed" } });
    expect(audit.details).toEqual({ from: "default", to: "gpt-4o" });
    const refused = await fetch(`${setup.portal.url}/api/admin/tools/notes`, {
      method: "PUT",
      headers: { ...admin, "content-type": "application/json" },
      body: JSON.stringify({ enabled: true, openToEveryone: true, llmModel: "gpt-5-ultra" }),
    });
    expect(refused.status).toBe(400);
    await adminPut("/api/admin/tools/notes", {
      enabled: true,
      openToEveryone: true,
      llmModel: null,
    });
  });

  it("answers an unchanged deterministic request from the cache, without calling the provider", async () => {
    const client = await toolClient();
    await client.chat(ask("the same question"));
    const again = await client.chat(ask("the same question"));
    expect(again.content).toBe("Hello from the model");
    expect(fake.chatRequests()).toHaveLength(1);
    const last = await db.llmUsage.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(last).toMatchObject({ cacheHit: true, costUsd: 0 });
  });

  it("streams a reply as it comes, and records its usage", async () => {
    fake.configure({ reply: () => ({ content: "A streamed answer in several pieces." }) });
    const response = await fetch(`${setup.portal.url}/api/llm/v1/chat/completions`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${await setup.portal.server.userTokens.issue(ada, "notes")}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({
        model: "x",
        stream: true,
        messages: [{ role: "user", content: "stream please" }],
      }),
    });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const text = await response.text();
    const pieces = text
      .split("\n\n")
      .filter((event) => event.startsWith("data: {"))
      .map((event) => JSON.parse(event.slice(6)) as { choices: { delta: { content?: string } }[] })
      .map((chunk) => chunk.choices[0]?.delta.content ?? "");
    expect(pieces.join("")).toBe("A streamed answer in several pieces.");
    expect(text.trim().endsWith("data: [DONE]")).toBe(true);
    const usage = await db.llmUsage.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(usage.completionTokens).toBeGreaterThan(0);
  });

  it("embeds texts and transcribes audio through the provider", async () => {
    const client = await toolClient();
    // The portal's embedding model answers, whatever the tool asked for.
    const embedded = await client.embed(["one", "two"], "asked-for");
    expect(embedded.vectors).toHaveLength(2);
    expect(embedded.model).not.toBe("asked-for");
    const form = new FormData();
    form.set("file", new Blob([new Uint8Array(2048)], { type: "audio/wav" }), "meeting.wav");
    form.set("model", "whisper-1");
    const response = await fetch(`${setup.portal.url}/api/llm/v1/audio/transcriptions`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${await setup.portal.server.userTokens.issue(ada, "notes")}`,
      },
      body: form,
    });
    expect(await response.json()).toEqual({
      text: expect.stringMatching(/^transcribed \d+ bytes$/),
    });
  });

  it("refuses calls without a valid token, before any provider call", async () => {
    const none = await fetch(`${setup.portal.url}/api/llm/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(ask()),
    });
    expect(none.status).toBe(401);
    const otherKey = await createTokenIssuer({
      issuer: "http://portal.test",
      signingKey: await generateSigningKey(),
    });
    const forged = new LlmClient({
      provider: gatewayProvider(setup.portal.url, await otherKey.issue(ada, "notes")),
      model: "x",
      retry: { maxRetries: 0 },
    });
    await expect(forged.chat(ask())).rejects.toMatchObject({ status: 401 });
    expect(fake.chatRequests()).toHaveLength(0);
  });

  it("answers 429 with a message a person can act on when over quota, with no provider call", async () => {
    await adminPut("/api/admin/llm", { userDailyTokens: 1 });
    const error = await (await toolClient()).chat(ask()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 429 });
    expect((error as Error).message).toContain("You have used your 1 tokens for today");
    expect(fake.chatRequests()).toHaveLength(0);
    await adminPut("/api/admin/llm", { userDailyTokens: 1_000_000 });

    await adminPut("/api/admin/tools/notes", {
      enabled: true,
      openToEveryone: true,
      llmDailyTokens: 1,
    });
    const toolError = await (await toolClient()).chat(ask()).catch((caught: unknown) => caught);
    expect((toolError as Error).message).toContain("This tool has used its 1 tokens for today");
    expect(fake.chatRequests()).toHaveLength(0);
    await adminPut("/api/admin/tools/notes", {
      enabled: true,
      openToEveryone: true,
      llmDailyTokens: null,
    });
    const audited = await db.auditEvent.findMany({
      where: { action: { in: ["settings.changed", "tool.quota_changed"] } },
    });
    expect(audited.length).toBe(4);
  });

  it("passes the provider's rate limit on with its Retry-After", async () => {
    fake.configure({ script: [{ status: 429, retryAfterSeconds: 7 }] });
    const response = await fetch(`${setup.portal.url}/api/llm/v1/chat/completions`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${await setup.portal.server.userTokens.issue(ada, "notes")}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ ...ask("rate limited"), temperature: 0.7 }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
  });

  it("gives background work a job token for the same person, which the tool's own routes refuse", async () => {
    const userToken = await setup.portal.server.userTokens.issue(ada, "notes");
    const { token, expiresAt } = await requestJobToken(setup.portal.url, userToken);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    const client = new LlmClient({
      provider: gatewayProvider(setup.portal.url, token),
      model: "x",
      attribution: { job: "job-7" },
      retry: { maxRetries: 0 },
    });
    await client.chat({ ...ask("in the background"), temperature: 0.5 });
    const usage = await db.llmUsage.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(usage).toMatchObject({ jobId: "job-7", userId: ada.sub, toolId: "notes" });

    const onTool = await fetch(`${setup.tool.url}/tools/notes/api/whoami`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(onTool.status).toBe(401);
    await expect(requestJobToken(setup.portal.url, token)).rejects.toThrow("cannot be traded");

    await db.user.update({ where: { id: ada.sub }, data: { active: false } });
    await expect(client.chat({ ...ask("after leaving"), temperature: 0.5 })).rejects.toMatchObject({
      status: 401,
    });
    await db.user.update({ where: { id: ada.sub }, data: { active: true } });
  });

  it("refuses a tool that is switched off", async () => {
    await adminPut("/api/admin/tools/notes", { enabled: false, openToEveryone: true });
    await expect((await toolClient()).chat(ask())).rejects.toMatchObject({ status: 403 });
    await adminPut("/api/admin/tools/notes", { enabled: true, openToEveryone: true });
  });

  it("shows admins usage by day, tool and person, with a CSV export", async () => {
    const report = await (
      await fetch(`${setup.portal.url}/api/admin/llm/usage`, { headers: admin })
    ).json();
    expect(report.byTool).toEqual([expect.objectContaining({ key: "notes" })]);
    expect(report.byUser).toEqual([expect.objectContaining({ key: "ada@example.gov.uk" })]);
    expect(report.total.tokens).toBeGreaterThan(0);
    const csv = await (
      await fetch(`${setup.portal.url}/api/admin/llm/usage.csv`, { headers: admin })
    ).text();
    expect(csv.split("\r\n")[0]).toBe(
      "day,tool,user,calls,cache hits,prompt tokens,completion tokens,cost (USD)",
    );
    expect(csv).toContain("notes,ada@example.gov.uk,");
  });
});

describe("without a model provider", () => {
  it("tells tools plainly, so they use their offline engines", async () => {
    const offline = await startPortalWithTool("notes");
    try {
      const client = new LlmClient({
        provider: gatewayProvider(
          offline.portal.url,
          await offline.portal.server.userTokens.issue(ada, "notes"),
        ),
        model: "x",
      });
      // Ada exists only in the other portal's database here, so this portal refuses her first.
      await expect(client.chat(ask())).rejects.toMatchObject({ status: 401 });
      const offlineDb = createPortalDatabase(offline.portal.database);
      const user = await createUser(offlineDb, {
        email: "b@example.gov.uk",
        name: "B",
        role: "user",
        password: "quiet harbour lantern",
      });
      await offlineDb.$disconnect();
      const known = new LlmClient({
        provider: gatewayProvider(
          offline.portal.url,
          await offline.portal.server.userTokens.issue({ ...ada, sub: user.id }, "notes"),
        ),
        model: "x",
      });
      await expect(known.chat(ask())).rejects.toBeInstanceOf(NoModelConfiguredError);
      // Tools ask for their model before offering AI features: none, so they offer none.
      const models = await fetch(`${offline.portal.url}/api/llm/v1/models`, {
        headers: {
          authorization: `Bearer ${await offline.portal.server.userTokens.issue({ ...ada, sub: user.id }, "notes")}`,
        },
      });
      expect(models.status).toBe(503);
      expect((await models.json()).error.code).toBe("MODEL_NOT_CONFIGURED");
    } finally {
      await offline.portal.server.close();
      await offline.tool.server.close();
    }
  });
});
