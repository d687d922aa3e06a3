import { noContent } from "@bernard/toolkit/contract";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ApiError, createApiClient, fetchPortalSession } from "../src/index.js";

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** Answers like the portal and a tool would; records every request the client makes. */
function fakeBernard(answers: Record<string, { status: number; body?: unknown }>) {
  const sent: Sent[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    sent.push({
      url,
      method: init.method ?? "GET",
      headers: init.headers as Record<string, string>,
      body: init.body,
    });
    const answer =
      url === "/api/session"
        ? { status: 200, body: { user: SOMEONE, csrfToken: "token-from-the-session" } }
        : (answers[`${init.method} ${url}`] ?? { status: 404, body: NOT_FOUND });
    const text = answer.body === undefined ? "" : JSON.stringify(answer.body);
    return new Response(answer.status === 204 ? null : text, { status: answer.status });
  });
  return sent;
}

const SOMEONE = { id: "u1", email: "a@example.org", name: "Ada", role: "user" };
const NOT_FOUND = { error: { code: "NOT_FOUND", message: "There is no such thing." } };
const item = z.object({ id: z.string(), title: z.string() });
const api = createApiClient("/tools/demo/api");

beforeEach(() => vi.unstubAllGlobals());
afterEach(() => vi.unstubAllGlobals());

describe("createApiClient", () => {
  it("adds the session's CSRF token to every change, and not to reads", async () => {
    const sent = fakeBernard({
      "GET /tools/demo/api/items/1": { status: 200, body: { id: "1", title: "One" } },
      "POST /tools/demo/api/items": { status: 201, body: { id: "2", title: "Two" } },
      "PUT /tools/demo/api/items/2": { status: 200, body: { id: "2", title: "Deux" } },
      "PATCH /tools/demo/api/items/2": { status: 204 },
      "DELETE /tools/demo/api/items/2": { status: 204 },
      "POST /tools/demo/api/files": { status: 201, body: { id: "3", title: "file.csv" } },
    });
    await fetchPortalSession();
    expect(await api.get("/items/1", item)).toEqual({ id: "1", title: "One" });
    expect(await api.post("/items", { title: "Two" }, item)).toEqual({ id: "2", title: "Two" });
    await api.put("/items/2", { title: "Deux" }, item);
    expect(await api.patch("/items/2", { title: "Zwei" }, noContent)).toBeUndefined();
    expect(await api.delete("/items/2", noContent)).toBeUndefined();
    const form = new FormData();
    form.set("file", new Blob(["a,b"]), "file.csv");
    await api.upload("/files", form, item);

    const token = (request: Sent) => request.headers["x-csrf-token"];
    const [, read, ...changes] = sent;
    expect(token(read!)).toBeUndefined();
    expect(changes.map((request) => `${request.method} ${token(request)}`)).toEqual([
      "POST token-from-the-session",
      "PUT token-from-the-session",
      "PATCH token-from-the-session",
      "DELETE token-from-the-session",
      "POST token-from-the-session",
    ]);
    // JSON bodies are labelled as JSON; the upload is left to the browser's multipart encoding.
    expect(changes[0]!.headers["content-type"]).toBe("application/json");
    expect(changes[0]!.body).toBe(JSON.stringify({ title: "Two" }));
    expect(changes[4]!.headers["content-type"]).toBeUndefined();
    expect(changes[4]!.body).toBe(form);
  });

  it("refuses a reply that does not match its schema, saying where", async () => {
    fakeBernard({ "GET /tools/demo/api/items/1": { status: 200, body: { id: 1, title: "One" } } });
    const failure = await api.get("/items/1", item).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 200, code: "UNEXPECTED_REPLY" });
    expect((failure as ApiError).message).toMatch(
      /reply to GET \/tools\/demo\/api\/items\/1 is not what this page expects at id/,
    );
  });

  it("turns the error envelope into an ApiError with the problems by field", async () => {
    fakeBernard({
      "POST /tools/demo/api/items": {
        status: 400,
        body: {
          error: {
            code: "VALIDATION_FAILED",
            message: "The request is not valid. body.title: Enter a title",
            details: [{ field: "body.title", message: "Enter a title" }],
          },
        },
      },
    });
    const failure = await api.post("/items", { title: "" }, item).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({
      status: 400,
      code: "VALIDATION_FAILED",
      message: "The request is not valid. body.title: Enter a title",
      fields: [{ field: "title", message: "Enter a title" }],
    });
  });

  it("says something went wrong when a failure has no envelope", async () => {
    fakeBernard({ "GET /tools/demo/api/items/1": { status: 502, body: "Bad gateway" } });
    await expect(api.get("/items/1", item)).rejects.toMatchObject({
      status: 502,
      code: "UNKNOWN",
      message: "Something went wrong. Try again.",
      fields: [],
    });
  });
});
