import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPortalDatabase, type PortalDatabase } from "../src/services/database.js";
import { createUser } from "../src/services/users.js";
import { startPortalWithProvider, type Person } from "./oidc-provider.js";

const people = new Map<string, Person>([
  ["ada", { email: "Ada@Example.gov.uk", name: "Ada Lovelace", groups: ["Policy", "Analysts"] }],
  ["invited", { email: "invited@example.gov.uk", name: "Invited Person", groups: [] }],
  ["leaver", { email: "leaver@example.gov.uk", name: "Leaver", groups: [] }],
]);

let portal: Awaited<ReturnType<typeof startPortalWithProvider>>["portal"];
let provider: Awaited<ReturnType<typeof startPortalWithProvider>>["provider"];
let db: PortalDatabase;

beforeAll(async () => {
  ({ portal, provider } = await startPortalWithProvider(people));
  db = createPortalDatabase(portal.database);
});
afterAll(async () => {
  await db?.$disconnect();
  await portal?.server.close();
  await provider?.close();
});

/** Cookies per origin, as a browser keeps them. */
class CookieJar {
  readonly #cookies = new Map<string, Map<string, string>>();
  store(url: string, response: Response) {
    const jar = this.#cookies.get(new URL(url).origin) ?? new Map<string, string>();
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const [name, ...value] = pair!.split("=");
      jar.set(name!.trim(), value.join("="));
    }
    this.#cookies.set(new URL(url).origin, jar);
  }
  header(url: string): string {
    const jar = this.#cookies.get(new URL(url).origin) ?? new Map<string, string>();
    return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/**
 * Signs in through the provider's development pages as a browser would: follows redirects,
 * fills in the login form, accepts the consent form, and returns where the portal sent it last
 * with the portal's cookies.
 */
async function signInWithProvider(login: string, start = "/api/oidc/start?next=%2Faccount") {
  const jar = new CookieJar();
  let url = `${portal.url}${start}`;
  let init: RequestInit = {};
  for (let step = 0; step < 20; step += 1) {
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header(url) },
    });
    jar.store(url, response);
    const location = response.headers.get("location");
    if (location) {
      const target = new URL(location, url).toString();
      if (target.startsWith(portal.url) && !target.includes("/api/oidc/")) {
        return { location: target.slice(portal.url.length), cookie: jar.header(portal.url) };
      }
      url = target;
      init = {};
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`No form at ${url}: ${response.status} ${html.slice(0, 300)}`);
    const fields = new URLSearchParams();
    for (const [, name, value] of html.matchAll(
      /<input[^>]*name="([^"]+)"(?:[^>]*value="([^"]*)")?/g,
    )) {
      fields.set(name!, { login, password: "anything" }[name!] ?? value ?? "");
    }
    url = new URL(action, url).toString();
    init = {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: fields.toString(),
    };
  }
  throw new Error("Too many steps signing in");
}

describe("single sign-on", () => {
  it("tells the sign-in page it is available, and by what name", async () => {
    const response = await fetch(`${portal.url}/api/sign-in/methods`);
    expect(await response.json()).toEqual({ singleSignOn: { label: "Example Department" } });
  });

  it("sends people to the provider with PKCE, keeping the flow in a short-lived HttpOnly cookie", async () => {
    const response = await fetch(`${portal.url}/api/oidc/start`, { redirect: "manual" });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(location.origin).toBe(provider.issuer);
    expect(location.searchParams.get("code_challenge_method")).toBe("S256");
    expect(location.searchParams.get("state")).toBeTruthy();
    expect(location.searchParams.get("nonce")).toBeTruthy();
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^bernard_sso=/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("Path=/api/oidc");
    expect(cookie).toContain("Max-Age=600");
  });

  it("creates an account for a new person, with their groups, and signs them in", async () => {
    const { location, cookie } = await signInWithProvider("ada");
    expect(location).toBe("/account");
    const session = await fetch(`${portal.url}/api/session`, { headers: { cookie } });
    expect(session.status).toBe(200);
    expect((await session.json()).user).toMatchObject({
      email: "ada@example.gov.uk",
      name: "Ada Lovelace",
      role: "user",
    });
    const user = await db.user.findUniqueOrThrow({
      where: { email: "ada@example.gov.uk" },
      include: { groups: { include: { group: true } } },
    });
    expect(user.oidcSubject).toBe("ada");
    expect(user.passwordHash).toBeNull();
    expect(user.groups.map(({ group }) => group.name).sort()).toEqual(["Analysts", "Policy"]);
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "sign-in.succeeded", target: "ada@example.gov.uk" },
    });
    expect(audit.details).toMatchObject({ method: "single sign-on", created: true });
  });

  it("keeps provider groups in step at each sign-in, and leaves groups made in the portal alone", async () => {
    const ada = await db.user.findUniqueOrThrow({ where: { email: "ada@example.gov.uk" } });
    const portalGroup = await db.group.create({ data: { name: "Made in the portal" } });
    await db.userGroup.create({ data: { userId: ada.id, groupId: portalGroup.id } });
    people.set("ada", { ...people.get("ada")!, groups: ["Analysts", "Digital"] });

    await signInWithProvider("ada");
    const groups = await db.userGroup.findMany({
      where: { userId: ada.id },
      include: { group: true },
    });
    expect(groups.map(({ group }) => group.name).sort()).toEqual([
      "Analysts",
      "Digital",
      "Made in the portal",
    ]);
    expect(await db.user.count({ where: { email: "ada@example.gov.uk" } })).toBe(1);
  });

  it("links an account an admin created to the provider by email", async () => {
    const invited = await createUser(db, {
      email: "invited@example.gov.uk",
      name: "Invited",
      role: "admin",
      password: "lantern quiet harbour",
    });
    const { cookie } = await signInWithProvider("invited");
    const session = await (
      await fetch(`${portal.url}/api/session`, { headers: { cookie } })
    ).json();
    expect(session.user).toMatchObject({ id: invited.id, role: "admin" });
  });

  it("refuses a deactivated person, and says so on the sign-in page", async () => {
    await db.user.create({
      data: { email: "leaver@example.gov.uk", name: "Leaver", active: false },
    });
    const { location, cookie } = await signInWithProvider("leaver");
    expect(location).toBe("/sign-in?problem=sso-deactivated");
    expect(cookie).not.toContain("bernard_session");
    expect(
      await db.auditEvent.count({
        where: { action: "sign-in.failed", target: "leaver@example.gov.uk" },
      }),
    ).toBe(1);
  });

  it("refuses a callback that does not match the flow this browser started", async () => {
    const started = await fetch(`${portal.url}/api/oidc/start`, { redirect: "manual" });
    const flowCookie = started.headers.get("set-cookie")!.split(";")[0]!;
    const forged = await fetch(`${portal.url}/api/oidc/callback?code=stolen&state=someone-elses`, {
      headers: { cookie: flowCookie },
      redirect: "manual",
    });
    expect(forged.headers.get("location")).toBe("/sign-in?problem=sso-failed");
    expect(forged.headers.get("set-cookie")).not.toContain("bernard_session");

    const noFlow = await fetch(`${portal.url}/api/oidc/callback?code=x&state=y`, {
      redirect: "manual",
    });
    expect(noFlow.headers.get("location")).toBe("/sign-in?problem=sso-expired");
  });

  it("never sends people off the site after signing in", async () => {
    for (const next of ["//evil.example/", "/\t/evil.example/d", "/..//evil.example"]) {
      const { location } = await signInWithProvider(
        "ada",
        `/api/oidc/start?next=${encodeURIComponent(next)}`,
      );
      expect(location).toBe("/");
    }
  });
});
