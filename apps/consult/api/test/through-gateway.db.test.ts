import { findFreePort } from "@bernard/database";
import { createTestDatabase } from "@bernard/database/testing";
import { documentedRoutes, isRefusal, routeSpellings, sendRaw } from "@bernard/toolkit/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
// The portal's own test helpers: a real portal, seeded, with its gateway in front of the sorter.
import { createPortalDatabase } from "../../../portal/api/src/services/database.js";
import { createUser } from "../../../portal/api/src/services/users.js";
import { ADMIN, signInHeaders, startTestPortal } from "../../../portal/api/test/portal-server.js";
import { startFixtureTool } from "../../../portal/api/test/tool-fixture.js";
import { buildServer } from "../src/server.js";
import { testStorage } from "./helpers.js";

const PASSWORD = "quiet harbour lantern";
let portal: Awaited<ReturnType<typeof startTestPortal>>;
let sorter: Awaited<ReturnType<typeof buildServer>>;
let closedTool: Awaited<ReturnType<typeof startFixtureTool>>;
let owner: Record<string, string>;
let other: Record<string, string>;

beforeAll(async () => {
  const port = await findFreePort();
  const trust = { url: `http://127.0.0.1:${port}`, issuer: "http://portal.test" };
  const database = { url: (await createTestDatabase()).url, schema: "consult" };
  sorter = await buildServer({
    database,
    portal: trust,
    logger: false,
    storage: testStorage(database.url),
  });
  const sorterUrl = await sorter.listen({ port: 0, host: "127.0.0.1" });
  closedTool = await startFixtureTool("notes", trust);
  portal = await startTestPortal({
    port,
    tools: [
      { id: "consult", url: sorterUrl },
      { id: "notes", url: closedTool.url },
    ],
  });
  const db = createPortalDatabase(portal.database);
  for (const email of ["owner@example.gov.uk", "other@example.gov.uk"]) {
    await createUser(db, { email, name: email.split("@")[0]!, role: "user", password: PASSWORD });
  }
  await db.$disconnect();
  owner = await signInHeaders(portal.url, "owner@example.gov.uk", PASSWORD);
  other = await signInHeaders(portal.url, "other@example.gov.uk", PASSWORD);
  // The notes tool is switched off: nobody but its spelling may reach it.
  const admin = await signInHeaders(portal.url, ADMIN.email, ADMIN.password);
  const closed = await fetch(`${portal.url}/api/admin/tools/notes`, {
    method: "PUT",
    headers: { ...admin, "content-type": "application/json" },
    body: JSON.stringify({ enabled: false, openToEveryone: true, groupIds: [] }),
  });
  expect(closed.status).toBe(200);
}, 120_000);
afterAll(async () => {
  await portal?.server.close();
  await sorter?.close();
  await closedTool?.server.close();
});

/** Calls the sorter through the portal's gateway as the owner. */
async function asOwner(path: string, body?: unknown) {
  const response = await fetch(`${portal.url}/tools/consult/api${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { ...owner, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(`${path} ${response.status}`).toMatch(new RegExp(`^${path} 20[012]$`));
  return response.json();
}

it("refuses every spelling of every consultation route to a signed-in user it is not shared with", async () => {
  const consultation = await asOwner("/consultations", { title: "Private: evening buses" });
  const { questions } = await asOwner(`/consultations/${consultation.id}/questions`, {
    text: "Do you agree? Why?",
    hasClosedPart: false,
  });
  const form = new FormData();
  form.set("file", new Blob(["Response ID,Answer\n1,Yes please\n"]), "answers.csv");
  const { "x-csrf-token": csrf, cookie } = owner;
  const preview = await (
    await fetch(`${portal.url}/tools/consult/api/consultations/${consultation.id}/uploads`, {
      method: "POST",
      headers: { cookie: cookie!, "x-csrf-token": csrf! },
      body: form,
    })
  ).json();
  const job = await asOwner(`/uploads/${preview.uploadId}/import`, {
    mapping: {
      respondentId: "Response ID",
      questions: [{ questionId: questions[0].id, column: "Answer" }],
      demographics: [],
    },
  });
  // The owner's own IDs where the sorter has made them; made-up ones for themes and responses.
  const ids: Record<string, string> = {
    consultations: consultation.id,
    questions: questions[0].id,
    uploads: preview.uploadId,
    jobs: job.id,
  };
  const routes = documentedRoutes(sorter.swagger(), { format: "xlsx" }).flatMap((route) => {
    const kind = /^\/tools\/consult\/api\/(\w+)\/\{id\}/.exec(route.route)?.[1];
    if (!kind) return []; // lists and "me" answer the caller about themselves
    return [{ ...route, path: route.path.replace(/[0-9a-f-]{36}/, ids[kind] ?? "$&") }];
  });
  expect(routes.length).toBeGreaterThan(25);
  const readable = await fetch(`${portal.url}/tools/consult/api/questions/${ids.questions}`, {
    headers: owner,
  });
  expect(readable.status).toBe(200); // so a refusal below is the other user's, not a broken route

  const unexpected: string[] = [];
  const send = async (method: string, path: string) => {
    const body = ["GET", "HEAD", "DELETE"].includes(method) ? undefined : "{}";
    const answer = await sendRaw(portal.url, { method, path, body, headers: other });
    if (!isRefusal(answer, method) && !isMalformedId(answer.status, answer.body)) {
      unexpected.push(`${method} ${path} ${answer.status}`);
    }
  };
  for (const route of routes) {
    for (const path of [route.path, ...routeSpellings(route.path)]) await send(route.method, path);
  }
  // A tool this user may not open, whatever the spelling.
  for (const path of ["/tools/notes/api/whoami", "/tools/notes/"]) {
    for (const spelling of [path, ...routeSpellings(path)]) await send("GET", spelling);
  }
  expect(unexpected).toEqual([]);
  // And nothing the other user sent changed the owner's consultation.
  expect((await asOwner(`/consultations/${consultation.id}`)).title).toBe("Private: evening buses");
}, 300_000);

/**
 * A signed-in user whose spelling leaves no ID in the address (`<id>.`, a fullwidth letter…) is
 * told the address holds none: validation refuses it before anything is looked up.
 */
function isMalformedId(status: number, body: string): boolean {
  if (status !== 400) return false;
  const { error } = JSON.parse(body) as { error: { details?: { field: string }[] } };
  return !!error.details?.length && error.details.every(({ field }) => field === "params.id");
}
