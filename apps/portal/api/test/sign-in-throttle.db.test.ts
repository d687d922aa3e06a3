import http from "node:http";
import { withClient } from "@bernard/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { THROTTLE } from "../src/services/sign-in-throttle.js";
import { ADMIN, startTestPortal } from "./portal-server.js";

let portal: Awaited<ReturnType<typeof startTestPortal>>;
let admin: Record<string, string>;
beforeAll(async () => {
  portal = await startTestPortal();
  admin = await signedInFrom("127.0.0.1", ADMIN.email, ADMIN.password);
});
afterAll(() => portal.server.close());

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: { error?: { code: string; message: string }; csrfToken?: string };
}

/**
 * A real HTTP request from a chosen loopback address (any 127.x.y.z works on Linux), so each
 * test can play people and attackers at different client addresses.
 */
function requestFrom(
  address: string,
  method: string,
  path: string,
  body?: object,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return requestTo(portal.url, address, method, path, body, headers);
}

function requestTo(
  url: string,
  address: string,
  method: string,
  path: string,
  body?: object,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port,
        localAddress: address,
        method,
        path,
        headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode!,
            headers: response.headers,
            body: text ? (JSON.parse(text) as Answer["body"]) : {},
          }),
        );
      },
    );
    request.on("error", reject);
    request.end(body ? JSON.stringify(body) : undefined);
  });
}

const signInFrom = (address: string, email: string, password: string) =>
  requestFrom(address, "POST", "/api/session", { email, password });

async function signedInFrom(address: string, email: string, password: string) {
  const answer = await signInFrom(address, email, password);
  expect(answer.status).toBe(200);
  return {
    cookie: String(answer.headers["set-cookie"]).split(";")[0]!,
    "x-csrf-token": answer.body.csrfToken!,
  };
}

const query = <T>(sql: string, values: unknown[] = []) =>
  withClient(portal.database.url, async (client) => {
    await client.query("SET search_path TO portal");
    return (await client.query(sql, values)).rows as T[];
  });

/** A person with the admin's password, so tests need not hash one. */
async function addPerson(email: string): Promise<string> {
  const [row] = await query<{ id: string }>(
    "INSERT INTO user_account (id, email, name, password_hash, role, updated_at) SELECT gen_random_uuid(), $1, $1, password_hash, 'user', now() FROM user_account WHERE email = $2 RETURNING id",
    [email, ADMIN.email],
  );
  return row!.id;
}

/** The passwords actually checked for an account (each is one sign_in_attempt row). */
async function passwordsChecked(email: string, succeeded: boolean): Promise<number> {
  const [row] = await query<{ count: string }>(
    "SELECT count(*) FROM sign_in_attempt WHERE email = $1 AND succeeded = $2",
    [email, succeeded],
  );
  return Number(row!.count);
}

/** Lets the current windows run out, as if 15 minutes had passed. */
const letWindowsPass = () =>
  query(
    `UPDATE sign_in_throttle SET window_started_at = window_started_at - interval '${THROTTLE.windowMinutes} minutes'`,
  );

const statuses = (answers: Answer[]) =>
  answers.reduce<Record<number, number>>(
    (counts, { status }) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }),
    {},
  );

describe("guessing one account's password", () => {
  it("checks no more than the limit when 25 wrong guesses arrive at once, then refuses the right password too", async () => {
    const email = "parallel@example.gov.uk";
    await addPerson(email);
    const guesses = await Promise.all(
      Array.from({ length: 25 }, (_, n) => signInFrom("127.0.0.2", email, `wrong guess ${n}`)),
    );
    expect(statuses(guesses)).toEqual({ 401: THROTTLE.account, 429: 25 - THROTTLE.account });
    expect(await passwordsChecked(email, false)).toBe(THROTTLE.account);

    const right = await signInFrom("127.0.0.2", email, ADMIN.password);
    expect(right.status).toBe(429);
    expect(right.body.error).toEqual({
      code: "TOO_MANY_ATTEMPTS",
      message: `There have been too many attempts to sign in as ${email}. Wait 15 minutes, then try again, or ask an administrator to unlock the account.`,
    });
    expect(right.headers["retry-after"]).toBe("900");
    expect(await passwordsChecked(email, true)).toBe(0);
  });

  it("checks no more wrong passwords than the limit when the right one is among 26 at once", async () => {
    const email = "parallel-right@example.gov.uk";
    await addPerson(email);
    const answers = await Promise.all([
      ...Array.from({ length: 25 }, (_, n) => signInFrom("127.0.0.3", email, `wrong guess ${n}`)),
      signInFrom("127.0.0.3", email, ADMIN.password),
    ]);
    expect(answers.filter(({ status }) => status === 401).length).toBe(THROTTLE.account);
    expect(await passwordsChecked(email, false)).toBe(THROTTLE.account);
  });

  it("audits every refusal with the limit and when it ends", async () => {
    const refusals = await query<{ target: string; ip: string; details: { limit: string } }>(
      "SELECT target, ip, details FROM audit_event WHERE action = 'sign-in.throttled' AND target = 'parallel@example.gov.uk'",
    );
    expect(refusals).toHaveLength(25 - THROTTLE.account + 1);
    expect(refusals[0]).toMatchObject({ ip: "127.0.0.2", details: { limit: "account" } });
  });
});

describe("a lock-out attack on someone", () => {
  it("never keeps a person out at an address they have signed in from; elsewhere only until the window ends", async () => {
    const email = "dana@example.gov.uk";
    await addPerson(email);
    await signedInFrom("127.0.0.5", email, ADMIN.password); // Dana's office

    const attack = [];
    for (let n = 0; n < 15; n++) attack.push(await signInFrom("127.0.0.6", email, `guess ${n}`));
    expect(statuses(attack)).toEqual({ 401: THROTTLE.account, 429: 15 - THROTTLE.account });

    // At the office, Dana still signs in; from a new address she is told to wait.
    expect((await signInFrom("127.0.0.5", email, ADMIN.password)).status).toBe(200);
    expect((await signInFrom("127.0.0.7", email, ADMIN.password)).status).toBe(429);
    await letWindowsPass();
    expect((await signInFrom("127.0.0.7", email, ADMIN.password)).status).toBe(200);
  });

  it("keeps a slower allowance of its own at a known address", async () => {
    const email = "erin@example.gov.uk";
    await addPerson(email);
    await signedInFrom("127.0.0.12", email, ADMIN.password);
    const typos = [];
    for (let n = 0; n <= THROTTLE.knownAddress; n++)
      typos.push(await signInFrom("127.0.0.12", email, `typo ${n}`));
    expect(statuses(typos)).toEqual({ 401: THROTTLE.knownAddress, 429: 1 });
    expect((await signInFrom("127.0.0.12", email, ADMIN.password)).status).toBe(429);
    // Her own mistakes there do not count against the account anywhere else.
    expect((await signInFrom("127.0.0.13", email, ADMIN.password)).status).toBe(200);
  });

  it("lets the admin in at their own address through a slow drip of guesses, and an admin unlock lifts the limit elsewhere", async () => {
    // The old reproduction: 5 guesses every 15 minutes kept the admin out for good.
    for (let round = 0; round < 3; round++) {
      for (let n = 0; n < 5; n++)
        expect((await signInFrom("127.0.0.8", ADMIN.email, `drip ${round} ${n}`)).status).toBe(401);
      expect((await signInFrom("127.0.0.1", ADMIN.email, ADMIN.password)).status).toBe(200);
      await letWindowsPass();
    }
    expect((await signInFrom("127.0.0.9", ADMIN.email, ADMIN.password)).status).toBe(200);

    // A faster drip throttles unfamiliar addresses, until the window ends or an admin unlocks.
    for (let n = 0; n < THROTTLE.account; n++)
      await signInFrom("127.0.0.10", ADMIN.email, `drip ${n}`);
    expect((await signInFrom("127.0.0.11", ADMIN.email, ADMIN.password)).status).toBe(429);
    const users = await requestFrom("127.0.0.1", "GET", "/api/admin/users", undefined, admin);
    const listed = (
      users.body as unknown as { email: string; id: string; signInThrottledUntil: string | null }[]
    ).find((user) => user.email === ADMIN.email)!;
    expect(Date.parse(listed.signInThrottledUntil!)).toBeGreaterThan(Date.now());

    const unlock = await requestFrom(
      "127.0.0.1",
      "POST",
      `/api/admin/users/${listed.id}/unlock`,
      undefined,
      admin,
    );
    expect(unlock.status).toBe(204);
    expect((await signInFrom("127.0.0.11", ADMIN.email, ADMIN.password)).status).toBe(200);
    const after = await requestFrom("127.0.0.1", "GET", "/api/admin/users", undefined, admin);
    expect(
      (after.body as unknown as { email: string; signInThrottledUntil: string | null }[]).find(
        (user) => user.email === ADMIN.email,
      )!.signInThrottledUntil,
    ).toBeNull();
    const [audited] = await query<{ actor_email: string; target: string }>(
      "SELECT actor_email, target FROM audit_event WHERE action = 'user.unlocked'",
    );
    expect(audited).toEqual({ actor_email: ADMIN.email, target: ADMIN.email });
  });

  it("needs an admin to unlock, and says when there is no such user", async () => {
    const email = "frank@example.gov.uk";
    const id = await addPerson(email);
    const frank = await signedInFrom("127.0.0.14", email, ADMIN.password);
    expect(
      (await requestFrom("127.0.0.14", "POST", `/api/admin/users/${id}/unlock`, undefined, frank))
        .status,
    ).toBe(403);
    const missing = await requestFrom(
      "127.0.0.1",
      "POST",
      "/api/admin/users/00000000-0000-4000-8000-000000000000/unlock",
      undefined,
      admin,
    );
    expect(missing.status).toBe(404);
  });
});

describe("guessing from one address", () => {
  it("throttles 378 different emails from one address, and a colleague who signed in there before still can", async () => {
    await addPerson("colleague@example.gov.uk");
    await signedInFrom("127.0.0.20", "colleague@example.gov.uk", ADMIN.password);

    const answers: Answer[] = [];
    const emails = Array.from({ length: 378 }, (_, n) => `person${n}@example.gov.uk`);
    for (let start = 0; start < emails.length; start += 6) {
      answers.push(
        ...(await Promise.all(
          emails
            .slice(start, start + 6)
            .map((email) => signInFrom("127.0.0.20", email, "Winter2026!")),
        )),
      );
    }
    expect(statuses(answers)).toEqual({ 401: THROTTLE.address, 429: 378 - THROTTLE.address });
    expect(answers.find(({ status }) => status === 429)!.body.error!.message).toBe(
      "There have been too many attempts to sign in from your network. Wait 15 minutes, then try again.",
    );
    expect(
      (await signInFrom("127.0.0.20", "colleague@example.gov.uk", ADMIN.password)).status,
    ).toBe(200);
    // Other addresses are not affected.
    expect((await signInFrom("127.0.0.21", "person0@example.gov.uk", "Winter2026!")).status).toBe(
      401,
    );
  });
});

describe("the client's address behind a load balancer", () => {
  /** One more wrong guess than an address is allowed, a few at a time, each naming an address. */
  async function guessesWithForwardedFor(
    url: string,
    from: string,
    forwardedFor: (n: number) => string,
  ): Promise<Answer[]> {
    const answers: Answer[] = [];
    const guesses = Array.from({ length: THROTTLE.address + 1 }, (_, n) => n);
    for (let start = 0; start < guesses.length; start += 6) {
      answers.push(
        ...(await Promise.all(
          guesses
            .slice(start, start + 6)
            .map((n) =>
              requestTo(
                url,
                from,
                "POST",
                "/api/session",
                { email: `nobody${n}@example.gov.uk`, password: "Winter2026!" },
                { "x-forwarded-for": forwardedFor(n) },
              ),
            ),
        )),
      );
    }
    return answers;
  }

  it("ignores the X-Forwarded-For a client sends when no proxy is trusted", async () => {
    // Every guess claims another address; all of them still count against the real one.
    const answers = await guessesWithForwardedFor(
      portal.url,
      "127.0.0.40",
      (n) => `198.51.100.${n}`,
    );
    expect(statuses(answers)).toEqual({ 401: THROTTLE.address, 429: 1 });
  });

  it("throttles each forwarded address on its own when the proxy sending it is trusted", async () => {
    const behindProxy = await startTestPortal({
      database: portal.database,
      trustedProxies: ["127.0.0.41"],
    });
    try {
      const first = await guessesWithForwardedFor(
        behindProxy.url,
        "127.0.0.41",
        () => "203.0.113.1",
      );
      expect(statuses(first)).toEqual({ 401: THROTTLE.address, 429: 1 });
      // Another person behind the same load balancer is not held back by the first one's guesses.
      const other = await requestTo(
        behindProxy.url,
        "127.0.0.41",
        "POST",
        "/api/session",
        {
          email: "nobody@example.gov.uk",
          password: "Winter2026!",
        },
        { "x-forwarded-for": "203.0.113.2" },
      );
      expect(other.status).toBe(401);
    } finally {
      await behindProxy.server.close();
    }
  });
});

describe("changing a password", () => {
  it("limits and audits wrong current passwords", async () => {
    const email = "changer@example.gov.uk";
    await addPerson(email);
    const headers = await signedInFrom("127.0.0.30", email, ADMIN.password);
    const change = (currentPassword: string) =>
      requestFrom(
        "127.0.0.30",
        "POST",
        "/api/session/password",
        { currentPassword, newPassword: "lemon glacier parade" },
        headers,
      );

    for (let n = 0; n < THROTTLE.passwordChange; n++)
      expect((await change(`wrong ${n}`)).status).toBe(400);
    const refused = await change(ADMIN.password);
    expect(refused.status).toBe(429);
    expect(refused.body.error!.message).toBe(
      "You have entered a wrong current password too many times. Wait 15 minutes, then try again.",
    );
    const audited = await query<{ action: string }>(
      "SELECT action FROM audit_event WHERE target = $1 AND action LIKE 'user.password-change%' ORDER BY id",
      [email],
    );
    expect(audited.map(({ action }) => action)).toEqual([
      ...Array<string>(THROTTLE.passwordChange).fill("user.password-change-failed"),
      "user.password-change-throttled",
    ]);
    await letWindowsPass();
    expect((await change(ADMIN.password)).status).toBe(204);
  });
});
