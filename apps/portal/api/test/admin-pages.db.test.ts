import { afterAll, beforeAll, expect, it } from "vitest";
import { createPortalDatabase } from "../src/services/database.js";
import { createUser } from "../src/services/users.js";
import { ADMIN, signInHeaders, startTestPortal } from "./portal-server.js";

const PASSWORD = "quiet harbour lantern";
const MADE_UP = "00000000-0000-4000-8000-000000000000";

let portal: Awaited<ReturnType<typeof startTestPortal>>;
let realUserId: string;
let asAdmin: Record<string, string>;
let asUser: Record<string, string>;
beforeAll(async () => {
  portal = await startTestPortal({ tools: [{ id: "consult", url: "http://127.0.0.1:9" }] });
  const db = createPortalDatabase(portal.database);
  realUserId = (
    await createUser(db, {
      email: "someone@example.gov.uk",
      name: "Someone",
      role: "user",
      password: PASSWORD,
    })
  ).id;
  await db.$disconnect();
  asAdmin = await signInHeaders(portal.url, ADMIN.email, ADMIN.password);
  asUser = await signInHeaders(portal.url, "someone@example.gov.uk", PASSWORD);
});
afterAll(() => portal?.server.close());

const open = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${portal.url}${path}`, {
    headers: { accept: "text/html", ...headers },
    redirect: "manual",
  });

/** What an answer tells its caller: status, where it sends them, and the page itself. */
const answer = async (response: Response) => ({
  status: response.status,
  location: response.headers.get("location")?.replace(/next=.*/, "next=…"),
  body: await response.text(),
});

it("tells nobody but an admin whether the user or tool a deep link names exists", async () => {
  const deepLinks = [
    [`/admin/users/${realUserId}/groups`, `/admin/users/${MADE_UP}/groups`],
    ["/admin/tools/consult", "/admin/tools/no-such-tool"],
  ];
  for (const [real, madeUp] of deepLinks) {
    // Someone signed out is sent to sign in, and back to the page after.
    const anonymous = await open(real!);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe(`/sign-in?next=${encodeURIComponent(real!)}`);
    expect(await answer(await open(madeUp!))).toEqual({
      ...(await answer(await open(real!))),
      location: expect.stringMatching(/^\/sign-in\?next=/),
    });

    // Someone signed in who is not an admin gets the same refusal for both.
    const user = await answer(await open(real!, asUser));
    expect(user.status).toBe(403);
    expect(user.body).toContain('<div id="root">');
    expect(await answer(await open(madeUp!, asUser))).toEqual(user);

    // An admin learns which exists.
    expect((await open(real!, asAdmin)).status).toBe(200);
    expect((await open(madeUp!, asAdmin)).status).toBe(404);
  }
});

it("sends someone signed out to sign in from every admin page, and refuses them to non-admins", async () => {
  for (const path of ["/admin/users", "/admin/audit", "/admin/tools", "/admin/models"]) {
    expect(`${path} ${(await open(path)).status}`).toBe(`${path} 302`);
    expect(`${path} ${(await open(path, asUser)).status}`).toBe(`${path} 403`);
    expect(`${path} ${(await open(path, asAdmin)).status}`).toBe(`${path} 200`);
  }
});
