import { withClient } from "@bernard/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, signInHeaders, startTestPortal } from "./portal-server.js";

let portal: Awaited<ReturnType<typeof startTestPortal>>;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(() => portal.server.close());

async function signIn(email: string, password: string, headers: Record<string, string> = {}) {
  return fetch(`${portal.url}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ email, password }),
  });
}

async function signedIn() {
  const response = await signIn(ADMIN.email, ADMIN.password);
  expect(response.status).toBe(200);
  const cookie = response.headers.get("set-cookie")!.split(";")[0]!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

const query = <T>(sql: string, values: unknown[] = []) =>
  withClient(portal.database.url, async (client) => {
    await client.query("SET search_path TO portal");
    return (await client.query(sql, values)).rows as T[];
  });

describe("signing in", () => {
  it("signs in with the right password, in an HttpOnly, Secure, SameSite cookie", async () => {
    const response = await signIn(`  ${ADMIN.email.toUpperCase()} `, ADMIN.password);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      user: { email: ADMIN.email, role: "admin" },
      csrfToken: expect.any(String),
    });
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^bernard_session=[\w-]{40,};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Lax/);

    const session = await fetch(`${portal.url}/api/session`, {
      headers: { cookie: cookie.split(";")[0]! },
    });
    expect(await session.json()).toMatchObject({ user: { email: ADMIN.email } });
  });

  it("treats signing in again the same however the address is spelt (the matched route decides)", async () => {
    const { cookie } = await signedIn();
    for (const path of ["/api/session", "/api/%73ession"]) {
      const response = await fetch(`${portal.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
      });
      expect(`${path} ${response.status}`).toBe(`${path} 200`);
    }
  });

  it("gives the same message for a wrong password and an unknown email", async () => {
    for (const response of [
      await signIn(ADMIN.email, "not the password"),
      await signIn("nobody@example.gov.uk", "whatever it is"),
    ]) {
      expect(response.status).toBe(401);
      expect((await response.json()).error).toEqual({
        code: "WRONG_CREDENTIALS",
        message: "Enter a correct email address and password.",
      });
    }
  });

  it("says what is missing or malformed", async () => {
    const response = await signIn("", "");
    expect(response.status).toBe(400);
    const { details } = (await response.json()).error;
    expect(details).toEqual([
      { field: "body.email", message: "Enter your email address" },
      { field: "body.password", message: "Enter your password" },
    ]);
  });

  it("refuses a sign-in form posted from another site", async () => {
    const response = await signIn(ADMIN.email, ADMIN.password, { origin: "https://evil.example" });
    expect(response.status).toBe(403);
  });

  it("answers 4xx, never 500, to malformed values of every header it reads", async () => {
    const { cookie } = await signedIn();
    const malformed = [
      "null",
      "",
      " ",
      "not a url",
      "http://",
      "://x",
      "http://[::1",
      "%",
      "\u00ff",
    ];
    const cases: { path: string; method?: string; headers: Record<string, string> }[] = [
      ...malformed.map((origin) => ({ path: "/api/session", method: "POST", headers: { origin } })),
      ...malformed.map((value) => ({
        path: "/api/session",
        headers: { cookie: `bernard_session=${value}` },
      })),
      { path: "/api/session", headers: { cookie: "bernard_session=%E0%A4%A; other=%" } },
      ...malformed.map((value) => ({
        path: "/api/session/sign-out-everywhere",
        method: "POST",
        headers: { cookie, "x-csrf-token": value },
      })),
      ...malformed.map((value) => ({
        path: "/api/llm/v1/models",
        headers: { authorization: value },
      })),
      ...[
        "Bearer",
        "Bearer ",
        "Bearer a.b.c",
        "Bearer ..",
        "Basic Zm9vOmJhcg==",
        `Bearer ${"x".repeat(5000)}`,
      ].map((authorization) => ({ path: "/api/llm/v1/models", headers: { authorization } })),
      ...malformed.map((value) => ({ path: "/api/session", headers: { "x-request-id": value } })),
      ...malformed.map((value) => ({ path: "/tools/notes/", headers: { cookie, accept: value } })),
      { path: "/api/oidc/callback", headers: { cookie: "bernard_sso=%7Bnot json" } },
    ];
    for (const { path, method = "GET", headers } of cases) {
      const response = await fetch(`${portal.url}${path}`, {
        method,
        headers: { "content-type": "application/json", ...headers },
        ...(method === "POST"
          ? { body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }) }
          : {}),
        redirect: "manual",
      });
      expect({ path, headers, status: response.status }).toEqual({
        path,
        headers,
        status: expect.toSatisfy((status: number) => status < 500) as number,
      });
    }
  });

  it("refuses a sign-in posted with Origin: null", async () => {
    const response = await signIn(ADMIN.email, ADMIN.password, { origin: "null" });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("CROSS_SITE_REQUEST");
  });

  it("throttles an account after 10 failures: the 11th attempt is refused even with the right password", async () => {
    const email = "locked@example.gov.uk";
    await query(
      "INSERT INTO user_account (id, email, name, password_hash, role, updated_at) SELECT gen_random_uuid(), $1, 'Locked', password_hash, 'user', now() FROM user_account WHERE email = $2",
      [email, ADMIN.email],
    );
    for (let attempt = 1; attempt <= 10; attempt++)
      expect((await signIn(email, "wrong password here")).status).toBe(401);
    const eleventh = await signIn(email, ADMIN.password);
    expect(eleventh.status).toBe(429);
    expect((await eleventh.json()).error.message).toBe(
      `There have been too many attempts to sign in as ${email}. Wait 15 minutes, then try again, or ask an administrator to unlock the account.`,
    );
  });

  it("audits every success and failure with where it came from", async () => {
    const events = await query<{ action: string; target: string; ip: string }>(
      "SELECT action, target, ip FROM audit_event WHERE action LIKE 'sign-in%' ORDER BY id",
    );
    expect(events.map((event) => event.action)).toEqual(
      expect.arrayContaining(["sign-in.succeeded", "sign-in.failed", "sign-in.throttled"]),
    );
    expect(events.every((event) => event.ip === "127.0.0.1")).toBe(true);
  });
});

describe("signed in", () => {
  it("needs the CSRF token to sign out, then the session no longer works", async () => {
    const { cookie, csrfToken } = await signedIn();
    const forged = await fetch(`${portal.url}/api/session`, {
      method: "DELETE",
      headers: { cookie },
    });
    expect(forged.status).toBe(403);
    expect((await forged.json()).error.code).toBe("CSRF_TOKEN_INVALID");

    const signOut = await fetch(`${portal.url}/api/session`, {
      method: "DELETE",
      headers: { cookie, "x-csrf-token": csrfToken },
    });
    expect(signOut.status).toBe(204);
    expect(signOut.headers.get("set-cookie")).toMatch(/^bernard_session=;/);
    expect((await fetch(`${portal.url}/api/session`, { headers: { cookie } })).status).toBe(401);
  });

  it("changes the password: needs the current one, checks the new one, ends the other sessions", async () => {
    const email = "changer@example.gov.uk";
    await query(
      "INSERT INTO user_account (id, email, name, password_hash, role, updated_at) SELECT gen_random_uuid(), $1, 'Changer', password_hash, 'user', now() FROM user_account WHERE email = $2",
      [email, ADMIN.email],
    );
    const here = await signInHeaders(portal.url, email, ADMIN.password);
    const elsewhere = await signInHeaders(portal.url, email, ADMIN.password);
    const change = (body: object) =>
      fetch(`${portal.url}/api/session/password`, {
        method: "POST",
        headers: { ...here, "content-type": "application/json" },
        body: JSON.stringify(body),
      });

    const wrong = await change({
      currentPassword: "not it at all",
      newPassword: "lemon glacier parade",
    });
    expect((await wrong.json()).error.details).toEqual([
      { field: "currentPassword", message: "Your current password is not right." },
    ]);
    const weak = await change({ currentPassword: ADMIN.password, newPassword: "password2024" });
    expect((await weak.json()).error.details[0].field).toBe("newPassword");

    expect(
      (await change({ currentPassword: ADMIN.password, newPassword: "lemon glacier parade" }))
        .status,
    ).toBe(204);
    expect((await fetch(`${portal.url}/api/session`, { headers: here })).status).toBe(200);
    expect((await fetch(`${portal.url}/api/session`, { headers: elsewhere })).status).toBe(401);
    await expect(signInHeaders(portal.url, email, "lemon glacier parade")).resolves.toHaveProperty(
      "cookie",
    );
  });

  it("signs out everywhere at once", async () => {
    const first = await signedIn();
    const second = await signedIn();
    const response = await fetch(`${portal.url}/api/session/sign-out-everywhere`, {
      method: "POST",
      headers: { cookie: first.cookie, "x-csrf-token": first.csrfToken },
    });
    expect(response.status).toBe(204);
    expect(
      (await fetch(`${portal.url}/api/session`, { headers: { cookie: second.cookie } })).status,
    ).toBe(401);
  });

  it("stops a deactivated user's sessions at once", async () => {
    const email = "leaver@example.gov.uk";
    await query(
      "INSERT INTO user_account (id, email, name, password_hash, role, updated_at) SELECT gen_random_uuid(), $1, 'Leaver', password_hash, 'user', now() FROM user_account WHERE email = $2",
      [email, ADMIN.email],
    );
    const response = await signIn(email, ADMIN.password);
    const cookie = response.headers.get("set-cookie")!.split(";")[0]!;
    expect((await fetch(`${portal.url}/api/session`, { headers: { cookie } })).status).toBe(200);
    // Changed behind the portal's back: the database announces it, and the cache drops it.
    await query("UPDATE user_account SET active = false WHERE email = $1", [email]);
    await expect
      .poll(async () => (await fetch(`${portal.url}/api/session`, { headers: { cookie } })).status)
      .toBe(401);
  });
});
