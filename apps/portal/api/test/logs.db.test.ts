import { Writable } from "node:stream";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ADMIN, signInHeaders, startTestPortal } from "./portal-server.js";

/** Every line the portal logs, as written. */
const lines: string[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    done();
  },
});

let portal: Awaited<ReturnType<typeof startTestPortal>>;
beforeAll(async () => {
  portal = await startTestPortal({ logger: { level: "info", stream: logStream } });
});
afterAll(() => portal.server.close());

it("keeps one-time tokens and single sign-on codes out of its logs", async () => {
  const admin = await signInHeaders(portal.url, ADMIN.email, ADMIN.password);
  const invited = await fetch(`${portal.url}/api/admin/users/invitations`, {
    method: "POST",
    headers: { ...admin, "content-type": "application/json" },
    body: JSON.stringify({ email: "logged@example.gov.uk", name: "Logged" }),
  });
  const token = ((await invited.json()) as { link: string }).link.split("/invitation/")[1]!;
  const secrets = [token, "0neT1meC0de", "st4teV4lue"];

  await fetch(`${portal.url}/invitation/${token}`, { headers: { accept: "text/html" } });
  await fetch(`${portal.url}/api/invitations/${token}`);
  await fetch(`${portal.url}/api/%69nvitations/${token}`);
  await fetch(`${portal.url}/api/invitations/${token}/accept`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ password: "copper kettle sunrise" }),
  });
  await fetch(`${portal.url}/api/oidc/callback?code=${secrets[1]}&state=${secrets[2]}`, {
    redirect: "manual",
  });

  await expect
    .poll(() => lines.filter((line) => line.includes("/api/invitations/[redacted]/accept")).length)
    .toBeGreaterThan(0);
  const logged = lines.join("\n");
  expect(logged).toContain("/invitation/[redacted]");
  expect(logged).toContain("/api/oidc/callback?code=[redacted]&state=[redacted]");
  for (const secret of secrets) expect(logged).not.toContain(secret);
});
