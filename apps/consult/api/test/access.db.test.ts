import type { UserClaims } from "@bernard/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyst, colleague, startSorter } from "./helpers.js";

let sorter: Awaited<ReturnType<typeof startSorter>>;
beforeAll(async () => {
  sorter = await startSorter();
});
afterAll(() => sorter?.server.close());

const stranger: UserClaims = { ...colleague, sub: "user-stranger", name: "S", groups: [] };

describe("who may see a consultation", () => {
  it("hides a consultation from everyone but its owner until shared, on every route", async () => {
    const sample = await sorter.analysedSample();
    const [theme] = await sorter.json(`/questions/${sample.questionId}/themes`);
    const [response] = (await sorter.json(`/questions/${sample.questionId}/responses`)).responses;
    const ids: Record<string, string> = {
      consultations: sample.consultationId,
      questions: sample.questionId,
      themes: theme.id,
      responses: response.id,
      uploads: sample.uploadId,
    };
    const asColleague = sorter.callAs(colleague);

    const listed = async (call: typeof asColleague) =>
      ((await (await call("/consultations")).json()) as { id: string }[]).map((c) => c.id);
    expect(await listed(asColleague)).not.toContain(sample.consultationId);
    expect(await listed(sorter.call)).toContain(sample.consultationId);

    // Every route with an id, from the API's own description: "not found" for the colleague.
    const spec = sorter.server.swagger() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(spec.paths).flatMap(([route, methods]) => {
      const kind = /^\/tools\/consult\/api\/(\w+)\/\{id\}/.exec(route)?.[1];
      if (!kind || !(kind in ids)) return []; // jobs are the toolkit's, found by their own ID
      const path = route
        .replace("/tools/consult/api", "")
        .replace("{id}", ids[kind]!)
        .replace("{format}", "xlsx");
      return Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path }));
    });
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const answer = await asColleague(route.path, {
        method: route.method,
        ...(route.method === "GET" ? {} : { body: "{}" }),
      });
      expect(`${route.method} ${route.path} ${answer.status}`).toBe(
        `${route.method} ${route.path} 404`,
      );
    }

    // Shared with the colleague's group: now they can work on it; someone outside it still cannot.
    const shared = await sorter.call(`/consultations/${sample.consultationId}/sharing`, {
      method: "PUT",
      body: JSON.stringify({ openToEveryone: false, sharedWith: ["Transport policy"] }),
    });
    expect(shared.status).toBe(200);
    expect(await listed(asColleague)).toContain(sample.consultationId);
    expect((await asColleague(`/questions/${sample.questionId}/themes`)).status).toBe(200);
    expect((await sorter.callAs(stranger)(`/questions/${sample.questionId}`)).status).toBe(404);

    // Only the owner changes who may see it.
    const refused = await asColleague(`/consultations/${sample.consultationId}/sharing`, {
      method: "PUT",
      body: JSON.stringify({ openToEveryone: true, sharedWith: [] }),
    });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toBe(
      `Only ${analyst.name}, who owns this consultation, can change who may see it.`,
    );

    await sorter.call(`/consultations/${sample.consultationId}/sharing`, {
      method: "PUT",
      body: JSON.stringify({ openToEveryone: true, sharedWith: [] }),
    });
    expect(await listed(sorter.callAs(stranger))).toContain(sample.consultationId);
  });

  it("tells the pages which groups the person is in, to share with", async () => {
    expect(await (await sorter.callAs(colleague)("/me")).json()).toEqual({
      id: "user-colleague",
      name: "Col League",
      groups: ["Transport policy"],
      isAdmin: false,
    });
  });
});
