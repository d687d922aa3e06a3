import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPortalDatabase } from "../src/services/database.js";
import { ADMIN, signInHeaders, startTestPortal } from "./portal-server.js";

let portal: Awaited<ReturnType<typeof startTestPortal>>;
let admin: Record<string, string>;
beforeAll(async () => {
  portal = await startTestPortal();
  admin = await signInHeaders(portal.url, ADMIN.email, ADMIN.password);
});
afterAll(() => portal.server.close());

const api = (path: string, init: RequestInit = {}, headers: Record<string, string> = admin) =>
  fetch(`${portal.url}/api${path}`, {
    ...init,
    headers: { ...headers, ...(init.body ? { "content-type": "application/json" } : {}) },
  });

async function invite(email: string, role = "user") {
  const response = await api("/admin/users/invitations", {
    method: "POST",
    body: JSON.stringify({ email, name: "New Person", role }),
  });
  expect(response.status).toBe(201);
  const { link } = (await response.json()) as { link: string };
  return link.split("/invitation/")[1]!;
}

describe("inviting people", () => {
  it("gives the admin a one-time link with which the new person chooses a password and signs in", async () => {
    const token = await invite("new.person@example.gov.uk");
    expect(await (await api(`/invitations/${token}`, {}, {})).json()).toEqual({
      email: "new.person@example.gov.uk",
      name: "New Person",
    });

    const weak = await api(
      `/invitations/${token}/accept`,
      { method: "POST", body: JSON.stringify({ password: "password123" }) },
      {},
    );
    expect(weak.status).toBe(400);
    expect((await weak.json()).error.message).toMatch(/Use at least 12 characters/);

    const accepted = await api(
      `/invitations/${token}/accept`,
      { method: "POST", body: JSON.stringify({ password: "copper kettle sunrise" }) },
      {},
    );
    expect(accepted.status).toBe(204);
    await expect(
      signInHeaders(portal.url, "new.person@example.gov.uk", "copper kettle sunrise"),
    ).resolves.toHaveProperty("cookie");

    const reused = await api(
      `/invitations/${token}/accept`,
      { method: "POST", body: JSON.stringify({ password: "another good password" }) },
      {},
    );
    expect(reused.status).toBe(404);
    expect((await reused.json()).error.message).toMatch(/already been used/);
  });

  it("lets only one of 10 simultaneous requests use an invitation or a reset link", async () => {
    const acceptTogether = (token: string) =>
      Promise.all(
        Array.from({ length: 10 }, (_, n) =>
          api(
            `/invitations/${token}/accept`,
            { method: "POST", body: JSON.stringify({ password: `copper kettle sunrise ${n}` }) },
            {},
          ).then((response) => response.status),
        ),
      );
    const invited = await acceptTogether(await invite("racer@example.gov.uk"));
    expect(invited.sort()).toEqual([204, ...Array<number>(9).fill(404)]);

    const users = (await (await api("/admin/users")).json()) as { id: string; email: string }[];
    const id = users.find((user) => user.email === "racer@example.gov.uk")!.id;
    const reset = await api(`/admin/users/${id}/password-reset`, { method: "POST" });
    const link = ((await reset.json()) as { link: string }).link;
    const resets = await acceptTogether(link.split("/invitation/")[1]!);
    expect(resets.sort()).toEqual([204, ...Array<number>(9).fill(404)]);

    const db = createPortalDatabase(portal.database);
    try {
      const accepted = await db.auditEvent.count({
        where: { action: "user.invitation-accepted", target: "racer@example.gov.uk" },
      });
      expect(accepted).toBe(2);
    } finally {
      await db.$disconnect();
    }
  });

  it("refuses a second account for the same email, and says so", async () => {
    await invite("twice@example.gov.uk");
    const again = await api("/admin/users/invitations", {
      method: "POST",
      body: JSON.stringify({ email: "TWICE@example.gov.uk", name: "Again" }),
    });
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toBe(
      "There is already an account for twice@example.gov.uk.",
    );
  });

  it("lists everyone with their role and state", async () => {
    const users = (await (await api("/admin/users")).json()) as {
      email: string;
      invited: boolean;
      role: string;
    }[];
    expect(users.find((user) => user.email === ADMIN.email)).toMatchObject({
      role: "admin",
      invited: false,
    });
    expect(users.find((user) => user.email === "twice@example.gov.uk")).toMatchObject({
      invited: true,
    });
  });
});

describe("changing people", () => {
  it("deactivates a user, whose sessions stop at once, and reactivates them", async () => {
    const token = await invite("leaving@example.gov.uk");
    await api(
      `/invitations/${token}/accept`,
      { method: "POST", body: JSON.stringify({ password: "velvet compass morning" }) },
      {},
    );
    const theirs = await signInHeaders(
      portal.url,
      "leaving@example.gov.uk",
      "velvet compass morning",
    );
    const users = (await (await api("/admin/users")).json()) as { id: string; email: string }[];
    const id = users.find((user) => user.email === "leaving@example.gov.uk")!.id;

    const deactivated = await api(`/admin/users/${id}`, {
      method: "PATCH",
      body: JSON.stringify({ active: false }),
    });
    expect(await deactivated.json()).toMatchObject({ active: false });
    expect((await api("/session", {}, theirs)).status).toBe(401);
    await expect(
      signInHeaders(portal.url, "leaving@example.gov.uk", "velvet compass morning"),
    ).rejects.toThrow(/401/);

    await api(`/admin/users/${id}`, {
      method: "PATCH",
      body: JSON.stringify({ active: true, role: "admin" }),
    });
    const back = await signInHeaders(
      portal.url,
      "leaving@example.gov.uk",
      "velvet compass morning",
    );
    expect(
      ((await (await api("/session", {}, back)).json()) as { user: { role: string } }).user.role,
    ).toBe("admin");
  });

  it("resets a forgotten password: the old one and every session stop working, and a new link sets another", async () => {
    const token = await invite("forgetful@example.gov.uk");
    await api(
      `/invitations/${token}/accept`,
      { method: "POST", body: JSON.stringify({ password: "amber river falcon" }) },
      {},
    );
    const theirs = await signInHeaders(
      portal.url,
      "forgetful@example.gov.uk",
      "amber river falcon",
    );
    const users = (await (await api("/admin/users")).json()) as { id: string; email: string }[];
    const id = users.find((user) => user.email === "forgetful@example.gov.uk")!.id;

    const reset = await api(`/admin/users/${id}/password-reset`, { method: "POST" });
    expect(reset.status).toBe(201);
    const link = ((await reset.json()) as { link: string }).link;
    expect((await api("/session", {}, theirs)).status).toBe(401);
    await expect(
      signInHeaders(portal.url, "forgetful@example.gov.uk", "amber river falcon"),
    ).rejects.toThrow(/401/);

    const newToken = link.split("/invitation/")[1]!;
    await api(
      `/invitations/${newToken}/accept`,
      { method: "POST", body: JSON.stringify({ password: "silver meadow pocket" }) },
      {},
    );
    await expect(
      signInHeaders(portal.url, "forgetful@example.gov.uk", "silver meadow pocket"),
    ).resolves.toHaveProperty("cookie");
  });

  it("stops an admin locking themselves out", async () => {
    const me = ((await (await api("/session")).json()) as { user: { id: string } }).user.id;
    const response = await api(`/admin/users/${me}`, {
      method: "PATCH",
      body: JSON.stringify({ active: false }),
    });
    expect(response.status).toBe(409);
  });

  it("records every change in the audit log", async () => {
    const db = createPortalDatabase(portal.database);
    const actions = (await db.auditEvent.findMany({ orderBy: { id: "asc" } })).map(
      (event) => event.action,
    );
    await db.$disconnect();
    expect(actions).toEqual(
      expect.arrayContaining([
        "user.invited",
        "user.invitation-accepted",
        "user.deactivated",
        "user.reactivated",
        "user.role-changed",
      ]),
    );
  });
});

describe("groups", () => {
  it("creates groups, refuses a duplicate name, and puts people in them", async () => {
    const policy = await api("/admin/groups", {
      method: "POST",
      body: JSON.stringify({ name: "Policy team" }),
    });
    expect(policy.status).toBe(201);
    const { id: policyId } = (await policy.json()) as { id: string };
    const duplicate = await api("/admin/groups", {
      method: "POST",
      body: JSON.stringify({ name: "policy TEAM" }),
    });
    expect(duplicate.status).toBe(409);
    expect((await duplicate.json()).error.message).toBe(
      "There is already a group called Policy team.",
    );
    const { id: analysisId } = (await (
      await api("/admin/groups", { method: "POST", body: JSON.stringify({ name: "Analysis" }) })
    ).json()) as { id: string };

    await invite("grouped@example.gov.uk");
    const users = (await (await api("/admin/users")).json()) as { id: string; email: string }[];
    const id = users.find((user) => user.email === "grouped@example.gov.uk")!.id;
    const set = await api(`/admin/users/${id}/groups`, {
      method: "PUT",
      body: JSON.stringify({ groupIds: [policyId, analysisId] }),
    });
    expect(await set.json()).toEqual({ groups: ["Analysis", "Policy team"] });

    const after = (await (await api("/admin/users")).json()) as {
      email: string;
      groups: string[];
    }[];
    expect(after.find((user) => user.email === "grouped@example.gov.uk")!.groups).toEqual([
      "Analysis",
      "Policy team",
    ]);
    const groups = (await (await api("/admin/groups")).json()) as {
      name: string;
      members: number;
    }[];
    expect(groups).toEqual([
      expect.objectContaining({ name: "Analysis", members: 1 }),
      expect.objectContaining({ name: "Policy team", members: 1 }),
    ]);

    await api(`/admin/users/${id}/groups`, {
      method: "PUT",
      body: JSON.stringify({ groupIds: [analysisId] }),
    });
    const final = (await (await api("/admin/users")).json()) as {
      email: string;
      groups: string[];
    }[];
    expect(final.find((user) => user.email === "grouped@example.gov.uk")!.groups).toEqual([
      "Analysis",
    ]);
  });
});
