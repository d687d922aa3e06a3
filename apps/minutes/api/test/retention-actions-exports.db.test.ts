import { waitForJob } from "@bernard/toolkit/testing";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { minutesDocx } from "../src/export/word.js";
import { PURGE_JOB } from "../src/jobs/purge-transcripts.js";
import { createToolDatabase } from "../src/services/database.js";
import { purgeAgreedMinutes, purgeTranscripts } from "../src/services/retention.js";
import { admin, chair, secretary, startMinutes } from "./helpers.js";

let minutes: Awaited<ReturnType<typeof startMinutes>>;
beforeAll(async () => {
  minutes = await startMinutes();
});
afterAll(() => minutes?.server.close());

const DAY = 24 * 60 * 60 * 1000;

describe("exports", () => {
  it("exports Word with citations as footnotes and the actions as a table, Markdown and plain text", async () => {
    const { as, draftedMeeting } = minutes;
    const { id } = await draftedMeeting();
    const word = await as(secretary).call(`/meetings/${id}/export.docx`);
    expect(word.status).toBe(200);
    expect(word.headers.get("content-disposition")).toContain("Depot-review-v1.docx");
    const zip = await JSZip.loadAsync(await word.arrayBuffer());
    const footnotes = (await zip.file("word/footnotes.xml")!.async("string")).replace(
      /<[^>]+>/g,
      " ",
    );
    expect(footnotes).toMatch(/Transcript: turn \d+, Grace Lee at 00:\d\d:\d\d/);
    const document = await zip.file("word/document.xml")!.async("string");
    expect(document).toContain("<w:tbl>");
    expect(document.replace(/<[^>]+>/g, "")).toContain(
      "In discussion the following points were made:",
    );
    // The one Word renderer, which `pnpm minutes draft --out x.docx` uses too (test/cli.test.ts).
    const meeting = await as(secretary).json(`/meetings/${id}`);
    const current = await as(secretary).json(`/meetings/${id}/minutes`);
    const turns = await as(secretary).json(`/meetings/${id}/turns`);
    const same = await JSZip.loadAsync(
      await minutesDocx(current.minutes, meeting.template, meeting, turns),
    );
    expect(await same.file("word/document.xml")!.async("string")).toBe(document);

    const markdown = await (await as(secretary).call(`/meetings/${id}/export.md`)).text();
    expect(markdown).toContain("# Minutes: Depot review");
    expect(markdown).toMatch(/\| 1 \| Send the quotes .* \| Tom O'Neill \| 2026-03-06 \|/);
    const text = await (await as(secretary).call(`/meetings/${id}/export.txt`)).text();
    expect(text).toMatch(/^MINUTES: DEPOT REVIEW/);
    expect(text).toMatch(/Owner: Tom O'Neill\. Due: 2026-03-06\. Status: open\. \[turn \d+\]/);

    const changes = await as(secretary).json(`/meetings/${id}/changes`);
    expect(
      changes
        .filter((change: { action: string }) => change.action === "minutes.exported")
        .map((c: { details: { format: string } }) => c.details.format)
        .sort(),
    ).toEqual(["docx", "md", "txt"]);
  });
});

describe("actions across meetings", () => {
  it("lists my actions and the team's, open, done and overdue, and downloads them as CSV", async () => {
    const { as, draftedMeeting } = minutes;
    const { id } = await draftedMeeting();
    const current = await as(secretary).json(`/meetings/${id}/minutes`);
    const edited = structuredClone(current.minutes);
    edited.actions[0] = { ...edited.actions[0], owner: "Priya Shah", due: "2020-01-31" };
    edited.actions[1] = { ...edited.actions[1], owner: "Priya Shah", status: "done" };
    expect(
      (
        await as(secretary).put(`/meetings/${id}/minutes`, {
          basedOn: current.number,
          minutes: edited,
        })
      ).status,
    ).toBe(200);

    const mine = await as(chair).json("/actions?scope=mine&filter=all");
    const here = mine.filter((row: { meetingId: string }) => row.meetingId === id);
    expect(
      here.map((row: { overdue: boolean; status: string }) => [row.status, row.overdue]),
    ).toEqual([
      ["open", true],
      ["done", false],
    ]);
    const overdue = await as(chair).json("/actions?scope=mine&filter=overdue");
    expect(overdue.some((row: { meetingId: string }) => row.meetingId === id)).toBe(true);
    expect(await as(secretary).json("/actions?scope=mine")).toEqual([]);
    const team = await as(secretary).json("/actions?scope=team&filter=done");
    expect(
      team.some(
        (row: { meetingId: string; status: string }) =>
          row.meetingId === id && row.status === "done",
      ),
    ).toBe(true);

    const csv = await as(chair).call("/actions.csv?scope=mine&filter=all");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe("Meeting,Meeting date,Action,Owner,Due,Status");
    expect(lines.some((line) => line.includes("Priya Shah,2020-01-31,overdue"))).toBe(true);
  });
});

describe("retention", () => {
  it("runs the daily purge as a durable job and says how many transcripts it deleted", async () => {
    const job = await minutes.server.jobs.enqueue(
      PURGE_JOB,
      { day: "2026-12-02" },
      { subject: { kind: "retention", id: "2026-12-02" } },
    );
    expect(await waitForJob(minutes.server.jobs, job.id)).toMatchObject({
      state: "completed",
      result: { purged: 0 },
    });
  });

  it("defaults to 30 days for transcripts and keeping agreed minutes, lets only an admin change them, and shows them on every meeting", async () => {
    const { as } = minutes;
    const defaults = { transcripts: "30", agreedMinutes: "keep" };
    expect(await as(secretary).json("/settings/retention")).toEqual(defaults);
    const put = (user: typeof admin, body: unknown) => as(user).put("/settings/retention", body);
    expect((await put(secretary, { ...defaults, transcripts: "7" })).status).toBe(403);
    const wrong = await put(admin, { ...defaults, agreedMinutes: "sometimes" });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.message).toMatch(/how long agreed minutes are kept/);
    expect((await put(admin, { transcripts: "90", agreedMinutes: "7" })).status).toBe(200);
    const meetings = await as(secretary).json("/meetings");
    expect(meetings.length).toBeGreaterThan(0);
    for (const meeting of meetings)
      expect(meeting.retention).toEqual({ transcripts: "90", agreedMinutes: "7" });
    // Each setting changed is in the change log with what it was before.
    const db = createToolDatabase(minutes.database);
    try {
      const logged = await db.change.findMany({
        where: { action: "retention.changed" },
        orderBy: { at: "asc" },
      });
      expect(logged.map((change) => change.details)).toEqual([
        { setting: "transcripts", before: "30", after: "90" },
        { setting: "agreedMinutes", before: "keep", after: "7" },
      ]);
    } finally {
      await db.$disconnect();
    }
    expect((await put(admin, defaults)).status).toBe(200);
  });

  it("deletes a meeting its retention after the chair agreed its minutes, records it, and never one still in draft", async () => {
    const { as, draftedMeeting } = minutes;
    const agreed = await draftedMeeting();
    const draft = await draftedMeeting();
    expect((await as(chair).post(`/meetings/${agreed.id}/agree`, {})).status).toBe(200);
    const db = createToolDatabase(minutes.database);
    try {
      // Kept by default, however long ago they were agreed.
      expect(await purgeAgreedMinutes(db, new Date(Date.now() + 400 * DAY))).toBe(0);
      await as(admin).put("/settings/retention", { transcripts: "keep", agreedMinutes: "30" });
      const shown = await as(secretary).json(`/meetings/${agreed.id}`);
      expect(shown.agreed.deleteOn.slice(0, 10)).toBe(
        new Date(Date.parse(shown.agreed.at) + 30 * DAY).toISOString().slice(0, 10),
      );
      expect((await as(secretary).json(`/meetings/${draft.id}`)).agreed).toBeNull();

      expect(await purgeAgreedMinutes(db, new Date(Date.now() + 29 * DAY))).toBe(0);
      expect(await purgeAgreedMinutes(db, new Date(Date.now() + 31 * DAY))).toBe(1);
      expect((await as(secretary).call(`/meetings/${agreed.id}`)).status).toBe(404);
      expect((await as(secretary).call(`/meetings/${draft.id}`)).status).toBe(200);
      const purged = await db.change.findFirstOrThrow({ where: { action: "meeting.purged" } });
      expect(purged).toMatchObject({ meetingId: null, actorName: "Retention (daily purge)" });
      expect(purged.details).toMatchObject({
        meeting: agreed.id,
        title: "Depot review",
        retentionDays: "30",
      });
    } finally {
      await as(admin).put("/settings/retention", { transcripts: "30", agreedMinutes: "keep" });
      await db.$disconnect();
    }
  });

  it("purges transcripts past their retention, keeps the minutes, and records each purge", async () => {
    const { as, draftedMeeting } = minutes;
    const { id } = await draftedMeeting();
    // The purge job's work, run as a day well past the upload would run it.
    const db = createToolDatabase(minutes.database);
    try {
      // Not yet due: nothing goes.
      await purgeTranscripts(db, new Date(Date.now() + 29 * DAY));
      expect((await as(secretary).json(`/meetings/${id}`)).transcript).not.toBeNull();
      await purgeTranscripts(db, new Date(Date.now() + 31 * DAY));
      const meeting = await as(secretary).json(`/meetings/${id}`);
      expect(meeting.transcript).toBeNull();
      expect(meeting.transcriptPurgedAt).not.toBeNull();
      const turns = await as(secretary).call(`/meetings/${id}/turns`);
      expect(turns.status).toBe(410);
      expect((await turns.json()).error.message).toMatch(
        /deleted on .* under the retention setting/,
      );
      // The minutes stay, and a redraft says why it cannot run.
      expect((await as(secretary).call(`/meetings/${id}/minutes`)).status).toBe(200);
      const redraft = await as(secretary).post(`/meetings/${id}/draft`, {});
      expect(redraft.status).toBe(409);
      expect((await redraft.json()).error.message).toMatch(/retention/);
      const changes = await as(secretary).json(`/meetings/${id}/changes`);
      expect(changes[0]).toMatchObject({
        action: "transcript.purged",
        actorName: "Retention (daily purge)",
      });
    } finally {
      await db.$disconnect();
    }
  });
});
