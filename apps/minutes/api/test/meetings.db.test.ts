import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chair, fixture, outsider, secretary, startMinutes } from "./helpers.js";

let minutes: Awaited<ReturnType<typeof startMinutes>>;
beforeAll(async () => {
  minutes = await startMinutes();
});
afterAll(() => minutes?.server.close());

const newMeeting = { title: "Board", date: "2026-03-04", chair: "Priya Shah", template: "formal" };

describe("meetings and transcripts", () => {
  it("creates a meeting, reads each transcript format, and finds attendees and apologies", async () => {
    const { as, upload } = minutes;
    const created = await (await as(secretary).post("/meetings", newMeeting)).json();
    expect(created).toMatchObject({
      status: "draft",
      retention: { transcripts: "30", agreedMinutes: "keep" },
      agreed: null,
      transcript: null,
      attendees: [],
    });

    for (const name of ["teams.vtt", "zoom.vtt", "captions.srt", "plain.txt", "turns.json"]) {
      const answer = await upload(
        secretary,
        created.id,
        name,
        await fixture(`transcripts/${name}`),
      );
      expect(answer.status, name).toBe(201);
    }
    const meeting = await (
      await upload(
        secretary,
        created.id,
        "depot-review.vtt",
        await fixture("meetings/depot-review.vtt"),
      )
    ).json();
    expect(meeting.transcript).toMatchObject({
      fileName: "depot-review.vtt",
      format: "teams-vtt",
      turns: 12,
    });
    expect(meeting.transcript.deleteOn).not.toBeNull();
    // Filled from the first transcript only: later uploads never replace names already there.
    expect(meeting.attendees.length).toBeGreaterThan(0);
  });

  it("finds the attendees and apologies of a new meeting and lets a person correct them", async () => {
    const { as, upload } = minutes;
    const created = await (await as(secretary).post("/meetings", newMeeting)).json();
    const meeting = await (
      await upload(
        secretary,
        created.id,
        "depot-review.vtt",
        await fixture("meetings/depot-review.vtt"),
      )
    ).json();
    expect(meeting.attendees).toEqual(["Priya Shah", "Tom O'Neill", "Grace Lee"]);
    expect(meeting.apologies).toEqual(["Sam Okafor"]);
    const corrected = await (
      await as(secretary).put(`/meetings/${created.id}`, {
        attendees: ["Priya Shah", "Tom O'Neill", "Grace Lee", "Ravi Patel"],
      })
    ).json();
    expect(corrected.attendees).toContain("Ravi Patel");
    // A second upload keeps the person's list.
    const again = await (
      await upload(
        secretary,
        created.id,
        "depot-review.vtt",
        await fixture("meetings/depot-review.vtt"),
      )
    ).json();
    expect(again.attendees).toContain("Ravi Patel");
  });

  it("gives a specific message for an empty file, a recording and a binary file", async () => {
    const { as, upload } = minutes;
    const created = await (await as(secretary).post("/meetings", newMeeting)).json();
    const cases: [string, Uint8Array | string, RegExp][] = [
      ["empty.vtt", "", /is empty/],
      ["meeting.mp3", new Uint8Array([0x49, 0x44, 0x33, 0, 0, 1, 2, 3]), /audio or video/],
      ["picture.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]), /not a transcript/],
    ];
    for (const [name, content, message] of cases) {
      const answer = await upload(secretary, created.id, name, content);
      expect(answer.status, name).toBe(400);
      expect((await answer.json()).error.message).toMatch(message);
    }
  });

  it("renames a speaker in one place: turns, attendees and chair follow", async () => {
    const { as, upload } = minutes;
    const created = await (await as(secretary).post("/meetings", newMeeting)).json();
    await upload(
      secretary,
      created.id,
      "depot-review.vtt",
      await fixture("meetings/depot-review.vtt"),
    );
    const renamed = await (
      await as(secretary).put(`/meetings/${created.id}/speakers`, {
        renames: [{ from: "Priya Shah", to: "Dr Priya Shah" }],
      })
    ).json();
    expect(renamed.chair).toBe("Dr Priya Shah");
    expect(renamed.attendees).toContain("Dr Priya Shah");
    const turns = await as(secretary).json(`/meetings/${created.id}/turns`);
    expect(turns[0].speaker).toBe("Dr Priya Shah");
    const unknown = await as(secretary).put(`/meetings/${created.id}/speakers`, {
      renames: [{ from: "Nobody", to: "X" }],
    });
    expect(unknown.status).toBe(400);
  });
});

describe("drafting, editing and agreement", () => {
  it("drafts offline as a job tied to the meeting, every point citing turns that exist", async () => {
    const { as, draftedMeeting } = minutes;
    const { id, job } = await draftedMeeting();
    expect(job.state).toBe("completed");
    expect(job.progress.stage).toBe("Saving the minutes");
    const found = await as(secretary).json(`/jobs?subjectKind=meeting&subjectId=${id}`);
    expect(found.job.id).toBe(job.id);
    const version = await as(secretary).json(`/meetings/${id}/minutes`);
    const turns = await as(secretary).json(`/meetings/${id}/turns`);
    expect(version).toMatchObject({ number: 1, source: "generated" });
    const cited = [
      ...version.minutes.items.flatMap((item: { points: unknown[] }) => item.points),
      ...version.minutes.decisions,
      ...version.minutes.actions,
    ];
    expect(cited.length).toBeGreaterThan(0);
    for (const point of cited)
      for (const turn of point.turns) expect(turn).toBeLessThan(turns.length);
    expect(version.minutes.actions[0]).toMatchObject({
      owner: "Tom O'Neill",
      due: "2026-03-06",
      status: "open",
    });
  });

  it("keeps a person's edit: redrafting asks first, keeps their version, and can bring it back", async () => {
    const { as, draftedMeeting } = minutes;
    const { id } = await draftedMeeting();
    const first = await as(secretary).json(`/meetings/${id}/minutes`);
    const edited = structuredClone(first.minutes);
    edited.actions[0] = { ...edited.actions[0], owner: "Grace Lee", due: "2026-03-20" };
    const saved = await as(secretary).put(`/meetings/${id}/minutes`, {
      basedOn: 1,
      minutes: edited,
    });
    expect(saved.status).toBe(200);
    const second = await saved.json();
    expect(second).toMatchObject({ number: 2, source: "person", authorName: "Sue Secretary" });
    expect(second.changes.map((change: { ref: string }) => change.ref)).toEqual(["actions.0"]);

    // An edit on top of an old version is refused rather than overwriting version 2.
    expect(
      (await as(chair).put(`/meetings/${id}/minutes`, { basedOn: 1, minutes: first.minutes }))
        .status,
    ).toBe(409);

    const refused = await as(secretary).post(`/meetings/${id}/draft`, {});
    expect(refused.status).toBe(409);
    expect((await refused.json()).error).toMatchObject({ code: "EDITS_WOULD_BE_REPLACED" });
    const job = await (
      await as(secretary).post(`/meetings/${id}/draft`, { replaceEdits: true })
    ).json();
    await as(secretary).finished(job.id);
    const third = await as(secretary).json(`/meetings/${id}/minutes`);
    expect(third).toMatchObject({ number: 3, source: "generated" });
    expect(third.minutes.actions[0].owner).toBe("Tom O'Neill");

    const restored = await (
      await as(secretary).post(`/meetings/${id}/versions/2/restore`, {})
    ).json();
    expect(restored).toMatchObject({ number: 4, restoredFrom: 2 });
    expect(restored.minutes.actions[0]).toMatchObject({ owner: "Grace Lee", due: "2026-03-20" });
    const versions = await as(secretary).json(`/meetings/${id}/versions`);
    expect(versions.map((v: { source: string }) => v.source)).toEqual([
      "person",
      "generated",
      "person",
      "generated",
    ]);
  });

  it("flags house style beside the text", async () => {
    const { as, draftedMeeting } = minutes;
    const { id } = await draftedMeeting();
    const first = await as(secretary).json(`/meetings/${id}/minutes`);
    const edited = structuredClone(first.minutes);
    edited.items[0].points[0].text = "We didn't organize the budget; fuel rose 12 percent today.";
    const saved = await (
      await as(secretary).put(`/meetings/${id}/minutes`, { basedOn: 1, minutes: edited })
    ).json();
    const rules = saved.styleFlags
      .filter((flag: { ref: string }) => flag.ref === "items.0.points.0")
      .map((flag: { rule: string }) => flag.rule);
    expect(rules.sort()).toEqual([
      "contraction",
      "first-person",
      "percent",
      "unshifted-time",
      "us-spelling",
    ]);
  });

  it("circulates, takes comments from attendees with access, is agreed by the chair and then frozen", async () => {
    const { as, draftedMeeting } = minutes;
    const { id } = await draftedMeeting();
    expect(
      (await as(chair).post(`/meetings/${id}/comments`, { ref: "decisions.0", text: "Too early" }))
        .status,
    ).toBe(409);
    expect((await as(secretary).post(`/meetings/${id}/circulate`, {})).status).toBe(200);
    const comment = await as(chair).post(`/meetings/${id}/comments`, {
      ref: "decisions.0",
      text: "Say once the chargers are installed.",
    });
    expect(comment.status).toBe(201);
    expect((await as(secretary).post(`/meetings/${id}/agree`, {})).status).toBe(403);
    const agreed = await (await as(chair).post(`/meetings/${id}/agree`, {})).json();
    expect(agreed.status).toBe("agreed");

    const current = await as(secretary).json(`/meetings/${id}/minutes`);
    expect(
      (
        await as(secretary).put(`/meetings/${id}/minutes`, {
          basedOn: current.number,
          minutes: current.minutes,
        })
      ).status,
    ).toBe(409);
    expect((await as(secretary).post(`/meetings/${id}/draft`, {})).status).toBe(409);
    expect((await as(secretary).post(`/meetings/${id}/reopen`, {})).status).toBe(200);

    const actions = (await as(secretary).json(`/meetings/${id}/changes`)).map(
      (change: { action: string }) => change.action,
    );
    for (const action of [
      "minutes.drafted",
      "minutes.circulated",
      "comment.added",
      "minutes.agreed",
      "minutes.reopened",
    ]) {
      expect(actions).toContain(action);
    }
  });
});

describe("sharing", () => {
  it("refuses every meeting route to someone the meeting is not shared with", async () => {
    const { as, draftedMeeting, server } = minutes;
    const { id } = await draftedMeeting();
    const routes = (server.swagger() as { paths: Record<string, Record<string, unknown>> }).paths;
    const refused: string[] = [];
    let checked = 0;
    for (const [route, methods] of Object.entries(routes)) {
      if (!route.includes("{id}")) continue;
      for (const method of Object.keys(methods)) {
        const path = route
          .replace("/tools/minutes/api", "")
          .replace("{id}", id)
          .replace("{number}", "1")
          .replace("{format}", "docx");
        const body = method === "get" ? undefined : "{}";
        const answer = await as(outsider).call(path, {
          method: method.toUpperCase(),
          body,
          headers: body ? { "content-type": "application/json" } : {},
        });
        checked += 1;
        if (answer.status !== 404) refused.push(`${method} ${path} ${answer.status}`);
      }
    }
    expect(checked).toBeGreaterThan(15);
    expect(refused).toEqual([]);
    expect(await as(outsider).json("/meetings")).toEqual([]);
    expect(await as(chair).json(`/meetings/${id}`)).toMatchObject({ id });
  });
});
