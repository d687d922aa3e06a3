import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, signInHeaders, startPortalWithTool } from "./portal-server.js";

// Unusual request bodies through the gateway, over real HTTP to a real toolkit tool: whatever
// the tool answers reaches the client as the tool's own answer, and a client that gives up does
// not make the portal report the tool as broken.
const TOOL_BODY_LIMIT = 10 * 1024 * 1024;

let tool: Awaited<ReturnType<typeof startPortalWithTool>>["tool"];
let portal: Awaited<ReturnType<typeof startPortalWithTool>>["portal"];
let headers: Record<string, string>;
const logged: { level: number; msg: string }[] = [];

beforeAll(async () => {
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean))
        logged.push(JSON.parse(line));
      done();
    },
  });
  ({ tool, portal } = await startPortalWithTool("notes", [], undefined, {
    level: "debug",
    stream: logStream,
  }));
  headers = await signInHeaders(portal.url, ADMIN.email, ADMIN.password);
});
afterAll(async () => {
  await portal.server.close();
  // Connections whose uploads were cut off stay open until the tool's own timeouts end them.
  tool.server.server.closeAllConnections();
  await tool.server.close();
});

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Whether the server asked for the body with `100 Continue` before answering. */
  continued: boolean;
}

/** One request with node:http, which (unlike fetch) can send `Expect` and stream a body slowly. */
function send(
  path: string,
  options: {
    method?: string;
    headers?: Record<string, string | number>;
    body?: (write: (chunk: Buffer) => boolean, end: () => void) => void;
    /** Wait for `100 Continue` before sending the body. */
    expectContinue?: boolean;
  },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let continued = false;
    const request = httpRequest(`${portal.url}${path}`, {
      method: options.method ?? "POST",
      headers: {
        ...headers,
        ...options.headers,
        ...(options.expectContinue ? { expect: "100-continue" } : {}),
      },
    });
    const writeBody = () =>
      options.body?.(
        (chunk) => request.write(chunk),
        () => request.end(),
      );
    request.on("continue", () => {
      continued = true;
      writeBody();
    });
    request.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode!, headers: response.headers, body, continued }),
      );
    });
    // The server may close while the body is still going, once it has answered.
    request.on("error", (error) => reject(error));
    if (!options.body) request.end();
    else if (!options.expectContinue) writeBody();
  });
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe("request bodies through the gateway", () => {
  it("supports Expect: 100-continue end to end", async () => {
    const body = json({ text: "asked first" });
    const answer = await send("/tools/notes/api/echo", {
      headers: { "content-type": "application/json", "content-length": body.length },
      expectContinue: true,
      body: (write, end) => {
        write(body);
        end();
      },
    });
    expect(answer).toMatchObject({ status: 200, continued: true });
    expect(JSON.parse(answer.body)).toEqual({ text: "asked first" });
  });

  it("passes on the tool's 413 for a body over its limit, announced by Content-Length", async () => {
    const body = Buffer.alloc(TOOL_BODY_LIMIT + 1024, " ");
    const answer = await send("/tools/notes/api/echo", {
      headers: { "content-type": "application/json", "content-length": body.length },
      body: (write, end) => {
        write(body);
        end();
      },
    }).catch((error: unknown) => ({ status: 0, body: String(error), headers: {} }));
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("passes on the tool's 413 for a streamed body that grows past its limit", async () => {
    const chunk = Buffer.alloc(256 * 1024, " ");
    const answer = await send("/tools/notes/api/echo", {
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      body: (write, end) => {
        for (let sent = 0; sent <= TOOL_BODY_LIMIT; sent += chunk.length) write(chunk);
        end();
      },
    }).catch((error: unknown) => ({ status: 0, body: String(error), headers: {} }));
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("passes on what the tool answers before reading the body (404, 415), with Expect too", async () => {
    const body = Buffer.alloc(4 * 1024 * 1024, "x");
    for (const [path, type, status] of [
      ["/tools/notes/api/nowhere", "text/plain", 404],
      ["/tools/notes/api/echo", "application/x-unknown", 415],
    ] as const) {
      for (const expectContinue of [false, true]) {
        const answer = await send(path, {
          headers: { "content-type": type, "content-length": body.length },
          expectContinue,
          body: (write, end) => {
            write(body);
            end();
          },
        }).catch((error: unknown) => ({ status: 0, body: String(error), headers: {} }));
        expect({ path, expectContinue, status: answer.status }).toEqual({
          path,
          expectContinue,
          status,
        });
      }
    }
  });

  it("lets clients give up mid-upload without a crash, a 502 or a warning per upload", async () => {
    const aborted = Array.from(
      { length: 20 },
      () =>
        new Promise<void>((resolve) => {
          const request = httpRequest(`${portal.url}/tools/notes/api/echo`, {
            method: "POST",
            headers: {
              ...headers,
              "content-type": "application/json",
              "content-length": 1_000_000,
            },
          });
          request.on("error", () => resolve());
          request.on("close", () => resolve());
          request.write(Buffer.alloc(64 * 1024, " "), () => request.destroy());
        }),
    );
    await Promise.all(aborted);
    const echo = await send("/tools/notes/api/echo", {
      headers: { "content-type": "application/json" },
      body: (write, end) => {
        write(json({ text: "still here" }));
        end();
      },
    });
    expect(echo.status).toBe(200);
    expect(logged.filter((entry) => entry.level >= 40)).toEqual([]);
  });
});
