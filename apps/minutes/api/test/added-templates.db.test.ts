import { afterAll, beforeAll, expect, it } from "vitest";
import { admin, outsider, secretary, startMinutes } from "./helpers.js";

let minutes: Awaited<ReturnType<typeof startMinutes>>;
beforeAll(async () => {
  minutes = await startMinutes();
});
afterAll(() => minutes?.server.close());

/** The board's own layout: decisions first, then a section the model writes. */
const BOARD_TEMPLATE = {
  name: "Board note",
  description: "Decisions first, then the discussion and a risks paragraph.",
  titlePrefix: "Board note",
  style: "Short, third person, past tense.",
  sections: [
    { kind: "decisions", heading: "What the board decided", instructions: "Each decision." },
    { kind: "items", heading: "Discussion", instructions: "The points made.", layout: "numbered" },
    {
      kind: "text",
      heading: "Risks",
      instructions: "The risks raised.",
      layout: "paragraph",
    },
  ],
};

it("adds a person's own template: theirs to choose, change and delete, invisible to others", async () => {
  const added = await minutes.as(secretary).post("/templates", BOARD_TEMPLATE);
  expect(added.status).toBe(201);
  const template = await added.json();
  expect(template).toMatchObject({
    name: "Board note",
    builtIn: false,
    forEveryone: false,
    ownerName: secretary.name,
    mayChange: true,
    sections: [
      { heading: "What the board decided", layout: "list", summingUp: false },
      { heading: "Discussion", layout: "numbered" },
      { heading: "Risks", kind: "text" },
    ],
  });
  const mine = await minutes.as(secretary).json("/templates");
  expect(mine.map((each: { id: string }) => each.id)).toEqual([
    "formal",
    "note",
    "committee",
    "summary",
    template.id,
  ]);
  const theirs = await minutes.as(outsider).json("/templates");
  expect(theirs.map((each: { id: string }) => each.id)).not.toContain(template.id);
  expect((await minutes.as(outsider).call(`/templates/${template.id}`)).status).toBe(404);
  expect((await minutes.as(outsider).put(`/templates/${template.id}`, BOARD_TEMPLATE)).status).toBe(
    404,
  );

  const changed = await minutes
    .as(secretary)
    .put(`/templates/${template.id}`, { ...BOARD_TEMPLATE, name: "Board note (short)" });
  expect((await changed.json()).name).toBe("Board note (short)");
});

it("says what is wrong with a template, field by field", async () => {
  const none = await minutes.as(secretary).post("/templates", { ...BOARD_TEMPLATE, sections: [] });
  expect(none.status).toBe(400);
  expect((await none.json()).error.details).toContainEqual({
    field: "body.sections",
    message: "Add at least one section",
  });
  const twice = await minutes.as(secretary).post("/templates", {
    ...BOARD_TEMPLATE,
    name: "",
    sections: [BOARD_TEMPLATE.sections[0], BOARD_TEMPLATE.sections[0]],
  });
  const problems = (await twice.json()).error.details;
  expect(problems).toContainEqual({ field: "body.name", message: "Enter the template's name" });
  expect(problems).toContainEqual({
    field: "body.sections",
    message: "Give each section its own heading",
  });
  const unknown = await minutes.as(secretary).post("/templates", {
    ...BOARD_TEMPLATE,
    sections: [{ ...BOARD_TEMPLATE.sections[0], kind: "jokes" }],
  });
  expect((await unknown.json()).error.details).toContainEqual({
    field: "body.sections.0.kind",
    message: "Choose what the section holds",
  });
});

it("lets only an admin add a template for everyone, and only an admin change it", async () => {
  const refused = await minutes
    .as(secretary)
    .post("/templates", { ...BOARD_TEMPLATE, forEveryone: true });
  expect(refused.status).toBe(403);
  expect((await refused.json()).error.message).toMatch(
    /^Only an admin can add a template for everyone/,
  );
  const shared = await (
    await minutes
      .as(admin)
      .post("/templates", { ...BOARD_TEMPLATE, name: "Department note", forEveryone: true })
  ).json();
  const seen = await minutes.as(outsider).json(`/templates/${shared.id}`);
  expect(seen).toMatchObject({ forEveryone: true, ownerName: admin.name, mayChange: false });
  const changed = await minutes.as(outsider).put(`/templates/${shared.id}`, BOARD_TEMPLATE);
  expect(changed.status).toBe(403);
  expect(
    (await minutes.as(outsider).call(`/templates/${shared.id}`, { method: "DELETE" })).status,
  ).toBe(403);
});

it("lays out and exports a meeting's minutes by its own template, and keeps a template in use", async () => {
  const template = await (
    await minutes.as(secretary).post("/templates", { ...BOARD_TEMPLATE, name: "Board layout" })
  ).json();
  const meeting = {
    title: "Depot review",
    date: "2026-03-04",
    chair: "Priya Shah",
    template: template.id,
  };
  // Someone else's template is not theirs to choose.
  const refused = await minutes.as(outsider).post("/meetings", meeting);
  expect(refused.status).toBe(400);
  expect((await refused.json()).error.details).toEqual([
    { field: "template", message: "Choose a template from the list" },
  ]);
  const created = await (await minutes.as(secretary).post("/meetings", meeting)).json();
  expect(created).toMatchObject({ template: template.id, templateName: "Board layout" });
  await minutes.upload(
    secretary,
    created.id,
    "notes.txt",
    "Priya Shah: Good morning.\nTom Reed: We agreed that the depot orders four chargers.\nPriya Shah: Tom, can you send the plan by Friday?",
  );
  const job = await (await minutes.as(secretary).post(`/meetings/${created.id}/draft`, {})).json();
  expect((await minutes.as(secretary).finished(job.id)).state).toBe("completed");
  const markdown = await (
    await minutes.as(secretary).call(`/meetings/${created.id}/export.md`)
  ).text();
  expect(markdown).toMatch(/^# Board note: Depot review/);
  const headings = markdown.match(/^## .+$/gm);
  expect(headings?.slice(0, 2)).toEqual(["## What the board decided", "## Discussion"]);

  const inUse = await minutes.as(secretary).call(`/templates/${template.id}`, { method: "DELETE" });
  expect(inUse.status).toBe(409);
  expect((await inUse.json()).error.message).toMatch(
    /^A meeting uses “Board layout”\. Choose another/,
  );
  await minutes.as(secretary).put(`/meetings/${created.id}`, { template: "formal" });
  const deleted = await minutes
    .as(secretary)
    .call(`/templates/${template.id}`, { method: "DELETE" });
  expect(deleted.status).toBe(204);
  expect((await minutes.as(secretary).call(`/templates/${template.id}`)).status).toBe(404);
});
