import { request as httpRequest } from "node:http";
import { findFreePort } from "@bernard/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, signInHeaders, startPortalWithTool, startTestPortal } from "./portal-server.js";
import { startFixtureTool } from "./tool-fixture.js";

// The gateway forwards allowed API calls on a lean path in front of Fastify, and everything else
// (pages a browser opens, refusals) through Fastify's route. What the lean path does itself
// (headers both ways, the client's address) must match what Fastify would have done.
let tool: Awaited<ReturnType<typeof startPortalWithTool>>["tool"];
let portal: Awaited<ReturnType<typeof startPortalWithTool>>["portal"];
let headers: Record<string, string>;

beforeAll(async () => {
  ({ tool, portal } = await startPortalWithTool("notes"));
  headers = await signInHeaders(portal.url, ADMIN.email, ADMIN.password);
});
afterAll(async () => {
  await portal.server.close();
  await tool.server.close();
});

interface Whoami {
  headers: Record<string, string | undefined>;
}

describe("the gateway's lean path", () => {
  it("answers with the same security headers and request ID as the full path", async () => {
    const requestId = "lean-path-request-0001";
    const api = await fetch(`${portal.url}/tools/notes/api/whoami`, {
      headers: { ...headers, "x-request-id": requestId },
    });
    // A page a browser opens goes through Fastify's route (it is audited).
    const page = await fetch(`${portal.url}/tools/notes/`, {
      headers: { ...headers, accept: "text/html", "x-request-id": requestId },
    });
    expect([api.status, page.status]).toEqual([200, 200]);
    for (const answer of [api, page]) {
      expect(answer.headers.get("x-request-id")).toBe(requestId);
      expect(answer.headers.get("content-security-policy")).toContain("default-src 'self'");
      expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
      expect(answer.headers.get("strict-transport-security")).toBeTruthy();
    }
    expect(api.headers.get("cache-control")).toBe("no-store");
    const tools = (await api.json()) as Whoami;
    expect(tools.headers["x-request-id"]).toBe(requestId);
  });

  it("keeps a tool's cookies off the portal's origin", async () => {
    const answer = await fetch(`${portal.url}/tools/notes/api/cookie`, { headers });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("set-cookie")).toBeNull();
  });

  it("answers HEAD as the tool does", async () => {
    const answer = await fetch(`${portal.url}/tools/notes/api/whoami`, {
      method: "HEAD",
      headers,
    });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe("");
  });

  it("refuses a NUL in the query, as every other route does", async () => {
    const answer = await fetch(`${portal.url}/tools/notes/api/whoami?q=%00`, { headers });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe(
      "VALIDATION_FAILED",
    );
  });

  it("drops the headers a client's Connection header names, which are for the portal only", async () => {
    const seen = await new Promise<Whoami>((resolve, reject) => {
      const request = httpRequest(`${portal.url}/tools/notes/api/whoami`, {
        headers: {
          ...headers,
          connection: "keep-alive, Accept-Language",
          "accept-language": "cy",
        },
      });
      request.on("response", (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () => resolve(JSON.parse(body) as Whoami));
      });
      request.on("error", reject);
      request.end();
    });
    expect(seen.headers["accept-language"]).toBeUndefined();
    expect(seen.headers.connection).not.toContain("accept-language");
  });

  it("tells the tool the client's address, protocol and host, ignoring X-Forwarded-* from a client", async () => {
    const answer = await fetch(`${portal.url}/tools/notes/api/whoami`, {
      headers: {
        ...headers,
        "x-forwarded-for": "203.0.113.9",
        "x-forwarded-proto": "https",
        "x-forwarded-host": "evil.example",
      },
    });
    const seen = ((await answer.json()) as Whoami).headers;
    expect(seen["x-forwarded-for"]).toBe("127.0.0.1");
    expect(seen["x-forwarded-proto"]).toBe("http");
    expect(seen["x-forwarded-host"]).toBe(new URL(portal.url).host);
  });
});

describe("the gateway's lean path behind a trusted proxy", () => {
  it("believes the proxy's X-Forwarded-* headers, the last entry of each", async () => {
    const port = await findFreePort();
    const proxiedTool = await startFixtureTool("notes", {
      url: `http://127.0.0.1:${port}`,
      issuer: "http://portal.test",
    });
    const proxied = await startTestPortal({
      port,
      tools: [{ id: "notes", url: proxiedTool.url }],
      trustedProxies: ["loopback"],
    });
    try {
      const signedIn = await signInHeaders(proxied.url, ADMIN.email, ADMIN.password);
      const answer = await fetch(`${proxied.url}/tools/notes/api/whoami`, {
        headers: {
          ...signedIn,
          "x-forwarded-for": "198.51.100.7, 203.0.113.9",
          "x-forwarded-proto": "http, https",
          "x-forwarded-host": "other.example, bernard.example.gov.uk",
        },
      });
      expect(answer.status).toBe(200);
      const seen = ((await answer.json()) as Whoami).headers;
      expect(seen["x-forwarded-for"]).toBe("203.0.113.9");
      expect(seen["x-forwarded-proto"]).toBe("https");
      expect(seen["x-forwarded-host"]).toBe("bernard.example.gov.uk");
    } finally {
      await proxied.server.close();
      await proxiedTool.server.close();
    }
  });
});
