import type { UserClaims } from "@bernard/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { colleague, startSorter } from "./helpers.js";

/**
 * Who may follow or cancel a job is the consultation's own sharing rule, not "the person who
 * started it": a colleague the consultation is shared with follows and stops the analyst's job.
 */
const outsider: UserClaims = { ...colleague, sub: "user-outsider", name: "Out", groups: [] };

const CSV = "Response ID,Answer\nR1,Keep the late bus\nR2,Run it hourly\n";

describe("a consultation's jobs, for the people it is shared with", () => {
  // No worker: the import job stays queued, so following and cancelling it is not a race.
  let sorter: Awaited<ReturnType<typeof startSorter>>;
  beforeAll(async () => {
    sorter = await startSorter({ role: "web" });
  });
  afterAll(() => sorter?.server.close());

  const sharedUpload = async () => {
    const consultation = await (await sorter.post("/consultations", { title: "Buses" })).json();
    const { questions } = await (
      await sorter.post(`/consultations/${consultation.id}/questions`, { text: "Why?" })
    ).json();
    const preview = await (await sorter.upload(consultation.id, "answers.csv", CSV)).json();
    await sorter.call(`/consultations/${consultation.id}/sharing`, {
      method: "PUT",
      body: JSON.stringify({ openToEveryone: false, sharedWith: ["Transport policy"] }),
    });
    const mapping = {
      respondentId: "Response ID",
      questions: [{ questionId: questions[0].id, column: "Answer" }],
      demographics: [],
    };
    return { uploadId: preview.uploadId as string, mapping };
  };

  it("lets a colleague it is shared with find, follow and cancel the analyst's import; an outsider gets 404", async () => {
    const { uploadId, mapping } = await sharedUpload();
    const started = await sorter.post(`/uploads/${uploadId}/import`, { mapping });
    expect(started.status).toBe(202);
    const job = await started.json();
    expect(job.subject).toEqual({ kind: "upload", id: uploadId });

    const asColleague = sorter.callAs(colleague);
    const asOutsider = sorter.callAs(outsider);
    const lookup = `/jobs?subjectKind=upload&subjectId=${uploadId}`;

    for (const route of [`/jobs/${job.id}`, `/jobs/${job.id}/events`, lookup])
      expect(`${route} ${(await asOutsider(route)).status}`).toBe(`${route} 404`);
    expect((await asOutsider(`/jobs/${job.id}/cancel`, { method: "POST" })).status).toBe(404);

    // After a reload the page finds the job by what it works on.
    expect((await (await asColleague(lookup)).json()).job).toMatchObject({ id: job.id });
    expect((await asColleague(`/jobs/${job.id}`)).status).toBe(200);
    const events = asColleague(`/jobs/${job.id}/events`).then((response) => response.text());
    const cancelled = await asColleague(`/jobs/${job.id}/cancel`, { method: "POST" });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ id: job.id, state: "cancelled" });
    expect(await events).toContain('"state":"cancelled"');
  });

  it("starts one import per upload however many are sent at once", async () => {
    const { uploadId, mapping } = await sharedUpload();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => sorter.post(`/uploads/${uploadId}/import`, { mapping })),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([202, 409, 409, 409, 409, 409]);
    const refusal = await answers.find((answer) => answer.status === 409)!.json();
    expect(refusal.error.message).toContain('already has an unfinished "import-responses" job');
  });
});

describe("an analysis, followed by a colleague", () => {
  let sorter: Awaited<ReturnType<typeof startSorter>>;
  beforeAll(async () => {
    sorter = await startSorter();
  });
  afterAll(() => sorter?.server.close());

  it("finds the question's latest analysis for a colleague it is shared with, and not for an outsider", async () => {
    const sample = await sorter.analysedSample();
    const lookup = `/jobs?subjectKind=question&subjectId=${sample.questionId}&name=analyse-question`;
    expect((await sorter.callAs(colleague)(lookup)).status).toBe(404);

    await sorter.call(`/consultations/${sample.consultationId}/sharing`, {
      method: "PUT",
      body: JSON.stringify({ openToEveryone: false, sharedWith: ["Transport policy"] }),
    });
    const found = await (await sorter.callAs(colleague)(lookup)).json();
    expect(found.job).toMatchObject({ id: sample.analysis.id, state: "completed" });
    expect((await sorter.callAs(colleague)(`/jobs/${sample.analysis.id}`)).status).toBe(200);
    expect((await sorter.callAs(outsider)(lookup)).status).toBe(404);
    expect((await sorter.callAs(outsider)(`/jobs/${sample.analysis.id}`)).status).toBe(404);
  });
});
