import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSorter } from "./helpers.js";

let sorter: Awaited<ReturnType<typeof startSorter>>;
beforeAll(async () => {
  sorter = await startSorter();
});
afterAll(() => sorter?.server.close());

const call = (route: string, init?: RequestInit) => sorter.call(route, init);
const upload = (consultationId: string, name: string, content: string) =>
  sorter.upload(consultationId, name, content);
const finished = (jobId: string) => sorter.finished(jobId);

const CSV = [
  "Response ID,Q1 Do you agree?,Q1 Why?,Q2 Anything else?,Region",
  "R1,Agree,Buses are always late in the village,,North",
  "R2,Disagree,Fares went up twice this year,More evening services please,South",
  "R3,Agree,,,East",
  "R2,Agree,A second go at the form,,West",
  'R4,Neither,"Two lines:\nthe 12 bus and the 14 bus",Keep the night bus,North',
].join("\r\n");

describe("consultations and imports", () => {
  it("creates a consultation with questions, saying what is wrong first", async () => {
    const blank = await call("/consultations", {
      method: "POST",
      body: JSON.stringify({ title: " " }),
    });
    expect(blank.status).toBe(400);
    expect((await blank.json()).error.details).toEqual([
      { field: "body.title", message: "Enter the consultation's title" },
    ]);
    const backwards = await call("/consultations", {
      method: "POST",
      body: JSON.stringify({ title: "Buses", opensOn: "2026-03-01", closesOn: "2026-02-01" }),
    });
    expect((await backwards.json()).error.message).toBe(
      "The closing date must be the same as or after the opening date",
    );
  });

  it("imports a CSV by the chosen columns, with progress, and reports duplicates and empty answers by row", async () => {
    const created = await (
      await call("/consultations", {
        method: "POST",
        body: JSON.stringify({
          title: "Rural bus services",
          opensOn: "2026-01-05",
          closesOn: "2026-03-31",
        }),
      })
    ).json();
    expect(created).toMatchObject({
      title: "Rural bus services",
      ownerName: "Ana Lyst",
      respondents: 0,
    });
    await call(`/consultations/${created.id}/questions`, {
      method: "POST",
      body: JSON.stringify({ text: "Do you agree with the proposal? Why?", hasClosedPart: true }),
    });
    const withQuestions = await (
      await call(`/consultations/${created.id}/questions`, {
        method: "POST",
        body: JSON.stringify({ text: "Anything else?" }),
      })
    ).json();
    const [q1, q2] = withQuestions.questions;

    const unsupported = await upload(created.id, "responses.pdf", "%PDF");
    expect(unsupported.status).toBe(400);
    expect((await unsupported.json()).error.message).toContain(
      "CSV, an Excel workbook (.xlsx) or JSON Lines",
    );

    const uploaded = await upload(created.id, "citizen-space-export.csv", CSV);
    expect(uploaded.status).toBe(201);
    const preview = await uploaded.json();
    expect(preview.columns).toEqual([
      "Response ID",
      "Q1 Do you agree?",
      "Q1 Why?",
      "Q2 Anything else?",
      "Region",
    ]);
    expect(preview.rows).toHaveLength(5);
    expect(preview.encoding).toBe("utf-8");
    // Which upload this is: the preview says when it came in (and keeps saying it on reload).
    expect(Date.now() - Date.parse(preview.uploadedAt)).toBeLessThan(60_000);
    expect((await (await call(`/uploads/${preview.uploadId}`)).json()).uploadedAt).toBe(
      preview.uploadedAt,
    );

    const wrong = await call(`/uploads/${preview.uploadId}/import`, {
      method: "POST",
      body: JSON.stringify({
        mapping: { respondentId: "ID", questions: [{ questionId: q1.id, column: "Q1 Why?" }] },
      }),
    });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error).toMatchObject({
      message:
        'The file has no column called "ID". Choose one of the columns in the first rows shown',
      details: [
        {
          field: "respondentId",
          message:
            'The file has no column called "ID". Choose one of the columns in the first rows shown',
        },
      ],
    });
    // Every other mistake is said in plain words against its field, never as a schema path.
    const refused = async (mapping: unknown) => {
      const response = await call(`/uploads/${preview.uploadId}/import`, {
        method: "POST",
        body: JSON.stringify({ mapping }),
      });
      expect(response.status).toBe(400);
      const { error } = await response.json();
      expect(error.message).not.toMatch(/not valid|body\./);
      return error.details;
    };
    expect(await refused({ respondentId: "Response ID", questions: [] })).toEqual([
      {
        field: "questions.0.column",
        message: "Choose the column that holds the answers to at least one question",
      },
    ]);
    expect(
      await refused({
        respondentId: "Response ID",
        questions: [
          { questionId: q1.id, column: "Q1 Why?", closedColumn: "Q1 Why?" },
          { questionId: q2.id, column: "Q1 Why?" },
        ],
      }),
    ).toEqual([
      {
        field: "questions.0.closedColumn",
        message:
          '"Q1 Why?" is already this question\'s free-text answer. Choose the column with the closed answer (like agree or disagree), or "Choose a column" if there is none',
      },
      {
        field: "questions.1.column",
        message:
          '"Q1 Why?" is already chosen for question 1\'s answer. Choose a different column for each answer',
      },
    ]);
    expect(
      await refused({
        respondentId: "Response ID",
        questions: [{ questionId: q2.id, column: "Response ID" }],
      }),
    ).toEqual([
      {
        field: "questions.0.column",
        message:
          '"Response ID" is already chosen as the respondent ID. Choose the column with the answers',
      },
    ]);

    const mapping = {
      respondentId: "Response ID",
      questions: [
        { questionId: q1.id, column: "Q1 Why?", closedColumn: "Q1 Do you agree?" },
        { questionId: q2.id, column: "Q2 Anything else?" },
      ],
      demographics: ["Region"],
    };
    const started = await call(`/uploads/${preview.uploadId}/import`, {
      method: "POST",
      body: JSON.stringify({ mapping }),
    });
    expect(started.status).toBe(202);
    const job = await finished((await started.json()).id);
    expect(job.state).toBe("completed");
    expect(job.progress).toMatchObject({ stage: "Importing responses", done: 4, total: 5 });
    expect(job.result).toMatchObject({
      rows: 5,
      respondents: 4,
      alreadyImported: 0,
      answers: 6,
      emptyAnswers: { [q1.id]: 0, [q2.id]: 2 },
      problemCounts: { "duplicate-respondent": 1 },
      problems: [
        {
          rowNumber: 5,
          kind: "duplicate-respondent",
          message: "Row 5 repeats respondent R2 from row 3; only row 3 was imported.",
        },
      ],
    });
    const after = await (await call(`/consultations/${created.id}`)).json();
    expect(after.respondents).toBe(4);
    expect(after.questions.map((question: { responses: number }) => question.responses)).toEqual([
      4, 2,
    ]);

    // The same file again: nothing is doubled, and it says so.
    const again = await finished(
      (
        await (
          await call(`/uploads/${preview.uploadId}/import`, {
            method: "POST",
            body: JSON.stringify({ mapping }),
          })
        ).json()
      ).id,
    );
    expect(again.result).toMatchObject({ respondents: 0, alreadyImported: 4, answers: 0 });
  });

  it("analyses a question offline: themes by count with stance split, every response mapped", async () => {
    const { consultationId, questionId, imported, analysisStatus, analysis } =
      await sorter.analysedSample();
    expect(imported.result.answers).toBe(10);
    expect(analysisStatus).toBe(202);
    expect(analysis.state).toBe("completed");
    // The consultation's task list reads each question's progress from the consultation.
    const progress = async () =>
      (await (await call(`/consultations/${consultationId}`)).json()).questions[0];
    expect(await progress()).toMatchObject({
      responses: 10,
      reviewed: 0,
      analysedAt: expect.any(String),
      analysedWith: "offline",
      signedOffAt: null,
      signedOffBy: null,
    });

    const themes = await (await call(`/questions/${questionId}/themes`)).json();
    const counts = themes.map((theme: { count: number }) => theme.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const mapped = themes.reduce((sum: number, theme: { count: number }) => sum + theme.count, 0);
    expect(mapped).toBeGreaterThanOrEqual(10);
    // The respondent who only ticked a box gave no reason.
    expect(themes.find((theme: { label: string }) => theme.label === "No reason given").count).toBe(
      1,
    );
    // Stance comes from the closed part when there is one.
    const split = themes.reduce(
      (
        sum: { support: number; oppose: number },
        theme: { stances: { support: number; oppose: number } },
      ) => ({
        support: sum.support + theme.stances.support,
        oppose: sum.oppose + theme.stances.oppose,
      }),
      { support: 0, oppose: 0 },
    );
    expect(split.oppose).toBeGreaterThan(split.support);

    const again = await finished(
      (
        await (
          await call(`/questions/${questionId}/analysis`, {
            method: "POST",
            body: JSON.stringify({ engine: "offline" }),
          })
        ).json()
      ).id,
    );
    expect(again.state).toBe("completed");
    const rerun = await (await call(`/questions/${questionId}/themes`)).json();
    expect(
      rerun.map((theme: { label: string; count: number }) => [theme.label, theme.count]),
    ).toEqual(themes.map((theme: { label: string; count: number }) => [theme.label, theme.count]));
    // The run-to-run report: the same input gave the same themes.
    const question = await (await call(`/questions/${questionId}`)).json();
    expect(question.analysisReport).toMatchObject({
      engine: "offline",
      unprocessed: 0,
      stability: { previousThemes: themes.length, kept: themes.length, added: 0, removed: 0 },
    });

    // A reviewed response and the sign-off show in the consultation's progress.
    const [first] = (await (await call(`/questions/${questionId}/responses`)).json()).responses;
    await call(`/responses/${first.id}`, {
      method: "PATCH",
      body: JSON.stringify({ reviewed: true }),
    });
    await finished((await (await sorter.post(`/questions/${questionId}/sign-off`, {})).json()).id);
    expect(await progress()).toMatchObject({
      reviewed: 1,
      signedOffAt: expect.any(String),
      signedOffBy: "Ana Lyst",
    });
  });
});
