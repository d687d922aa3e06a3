import { documentedRoutes, type TestJson } from "@bernard/toolkit/testing";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addWorkingDays } from "../src/intake/deadline.js";
import { admin, approver, drafter, outsider, startLetters } from "./helpers.js";

let letters: Awaited<ReturnType<typeof startLetters>>;
beforeAll(async () => {
  letters = await startLetters();
  const imported = await letters.upload(letters.as(drafter), "/lines/import", "lines.jsonl", {
    owner: "Passports policy",
  });
  expect(await imported.json()).toEqual({ added: 5, updated: 0, unchanged: 0, problems: [] });
  const settings = await letters.as(admin).json("/settings");
  const saved = await letters.as(admin).put("/settings", {
    ...settings,
    approverGroups: ["Letter approvers"],
    letterhead: { ...settings.letterhead, department: "Home Office", signatureName: "Sam Jones" },
  });
  expect(saved.status).toBe(200);
});
afterAll(() => letters?.server.close());

const kinds = (draft: TestJson) => draft.paragraphs.map((p: { kind: string }) => p.kind);
const blocking = (draft: TestJson) =>
  draft.flags.filter((flag: { kind: string }) => flag.kind !== "style");

describe("intake", () => {
  it("reads an MP's .eml: the MP, constituency, reference, constituent, date and points, and the deadline in working days", async () => {
    const answer = await letters.upload(letters.as(drafter), "/intake/file", "mp-letter.eml");
    expect(answer.status).toBe(200);
    const intake = await answer.json();
    expect(intake).toMatchObject({
      format: "eml",
      channel: "email",
      fields: {
        correspondentType: "mp",
        mpName: "Jane Smith",
        constituency: "Leeds Central",
        mpReference: "JS/2026/0142",
        constituentName: "Mr Robert Brown",
        letterDate: "2026-03-03",
        email: "jane.smith.mp@parliament.uk",
        postcode: "SW1A 0AA",
      },
      workingDays: 20,
    });
    expect(intake.fields.points).toHaveLength(2);
    expect(intake.deadline).toBe(addWorkingDays(intake.receivedOn, 20));
  });

  it("counts the deadline across the Easter bank holidays, and says what is wrong with a file", async () => {
    const created = await letters.loggedCase();
    expect(created).toMatchObject({
      receivedOn: "2026-03-04",
      deadline: "2026-04-01",
      status: "received",
    });
    // Received later, the 20 working days cross Good Friday (3 April) and Easter Monday (6 April).
    const late = await letters
      .as(drafter)
      .put(`/cases/${created.id}`, { receivedOn: "2026-03-20" });
    expect(await late.json()).toMatchObject({ deadline: "2026-04-21", deadlineSetByPerson: false });
    // A deadline a person sets stays when the received date changes, until they count it again.
    const set = await letters.as(drafter).put(`/cases/${created.id}`, { deadline: "2026-05-01" });
    expect(await set.json()).toMatchObject({ deadline: "2026-05-01", deadlineSetByPerson: true });
    const moved = await letters
      .as(drafter)
      .put(`/cases/${created.id}`, { receivedOn: "2026-03-25", deadline: "2026-05-01" });
    expect(await moved.json()).toMatchObject({ receivedOn: "2026-03-25", deadline: "2026-05-01" });
    const recounted = await letters.as(drafter).put(`/cases/${created.id}`, { deadline: null });
    expect(await recounted.json()).toMatchObject({
      deadline: addWorkingDays("2026-03-25", 20),
      deadlineSetByPerson: false,
    });
    const log = await letters.as(drafter).json(`/cases/${created.id}/changes`);
    expect(log[0]).toMatchObject({
      action: "case.updated",
      details: { before: { deadline: "2026-05-01", deadlineSetByPerson: true } },
    });

    const form = new FormData();
    form.set("file", new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1])]), "scan.docx");
    const refused = await letters.as(drafter).call("/intake/file", { method: "POST", body: form });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.details).toEqual([
      { field: "file", message: expect.stringContaining("scan.docx is not a Word document") },
    ]);
    const pasted = await letters.as(drafter).post("/intake/text", { text: " " });
    expect((await pasted.json()).error.details).toEqual([
      { field: "body.text", message: "Enter the letter's text" },
    ]);
  });

  it("groups a second letter with the same text into the first one's campaign, unless a person says not", async () => {
    const first = await letters.loggedCase(drafter, { joinCampaign: true });
    const second = await letters.loggedCase(drafter, { joinCampaign: true });
    expect(second.campaign.map((member: { id: string }) => member.id)).toContain(first.id);
    // The earliest open case with the text leads (an earlier test logged it on its own).
    expect(first.campaignLead).not.toBeNull();
    expect(second.campaignLead).toEqual({
      ...first.campaignLead,
      cases: first.campaignLead.cases + 1,
    });
    const lead = await letters.as(drafter).json(`/cases/${first.campaignLead.id}`);
    expect(lead.campaign.map((member: { id: string }) => member.id)).toEqual(
      expect.arrayContaining([first.id, second.id]),
    );
    const apart = await letters.loggedCase(drafter, { joinCampaign: false });
    expect(apart).toMatchObject({ campaign: [], campaignLead: null });
  });
});

describe("a reply, from draft to export", () => {
  it("drafts offline with a placeholder, takes a line in its place, is checked, returned, approved and exported", async () => {
    const created = await letters.loggedCase();
    const id = created.id as string;
    expect(
      (await letters.as(drafter).post(`/cases/${id}/assign`, { assignee: "Dana Drafter" })).status,
    ).toBe(200);

    const retrieval = await letters.as(drafter).json(`/cases/${id}/retrieval`);
    expect(retrieval[0]).toMatchObject({ answered: true });
    expect(retrieval[0].candidates[0]).toMatchObject({ lineId: "PASS-02", answers: true });
    expect(retrieval[0].candidates[0].why).toMatch(/shares the words/);
    expect(retrieval[1]).toMatchObject({ answered: false });

    const drafted = await letters.as(drafter).post(`/cases/${id}/draft`, {});
    expect(drafted.status).toBe(201);
    const first = await drafted.json();
    expect(first).toMatchObject({ number: 1, source: "offline" });
    expect(first.paragraphs[0]).toEqual({ text: "Dear Jane Smith,", lines: [], kind: "template" });
    expect(first.paragraphs[1].text).toContain(
      "(your reference JS/2026/0142) on behalf of your constituent, Mr Robert Brown",
    );
    expect(kinds(first)).toContain("placeholder");
    expect(first.paragraphs.flatMap((p: { lines: string[] }) => p.lines)).not.toContain("PASS-03");
    expect(blocking(first)).toEqual([expect.objectContaining({ kind: "no-approved-line" })]);
    expect(first.paragraphs.at(-1).text).toBe("Sam Jones\nMinisterial Correspondence Unit");

    // A placeholder cannot be approved; it goes nowhere until replaced.
    await letters.as(drafter).post(`/cases/${id}/approval`, {});
    const early = await letters.as(approver).post(`/cases/${id}/approve`, {});
    expect(early.status).toBe(409);
    expect((await early.json()).error.message).toContain("no approved line answers this point");
    const returned = await letters
      .as(approver)
      .post(`/cases/${id}/return`, { comment: "Answer the point about Leeds." });
    expect((await returned.json()).status).toBe("drafting");

    const placeholder = kinds(first).indexOf("placeholder");
    const replaced = await letters.as(drafter).post(`/cases/${id}/draft/use-line`, {
      basedOn: 1,
      paragraph: placeholder,
      lineId: "OFFICE-01",
    });
    expect(replaced.status).toBe(200);
    const second = await replaced.json();
    expect(second.paragraphs[placeholder]).toEqual({
      text: "People can apply for a passport online or by post. Most applications are dealt with in 3 weeks.",
      lines: ["OFFICE-01"],
      kind: "policy",
    });
    expect(second.flags).toEqual([]);

    // An expired line is refused; a sentence a person adds without a line is flagged.
    const expired = await letters
      .as(drafter)
      .post(`/cases/${id}/draft/use-line`, { basedOn: 2, paragraph: 2, lineId: "PASS-03" });
    expect((await expired.json()).error.message).toBe("Line PASS-03 expired on 2020-12-31.");
    const own = await letters.as(drafter).put(`/cases/${id}/draft`, {
      basedOn: 2,
      paragraphs: [
        ...second.paragraphs.slice(0, 2),
        { text: "We will cut passport fees next year.", lines: [], kind: "template" },
        {
          text: "Passport fees pay for the cost of the passport service. We will cut them.",
          lines: ["PASS-01"],
          kind: "policy",
        },
        ...second.paragraphs.slice(2),
      ],
    });
    const edited = await own.json();
    expect(
      blocking(edited).map((flag: { kind: string; paragraph: number }) => [
        flag.kind,
        flag.paragraph,
      ]),
    ).toEqual([
      ["uncited", 2],
      ["uncited", 3],
    ]);
    expect(edited.flags.map((flag: { text: string }) => flag.text)).toContain(
      "Paragraph 4: “We will cut them.” is not in the line it cites (PASS-01). Every policy sentence must be the approved wording.",
    );
    const stale = await letters
      .as(drafter)
      .put(`/cases/${id}/draft`, { basedOn: 2, paragraphs: second.paragraphs });
    expect((await stale.json()).error.code).toBe("VERSION_CHANGED");
    // The person puts their version right by going back to the engine's wording.
    const fixed = await letters
      .as(drafter)
      .put(`/cases/${id}/draft`, { basedOn: 3, paragraphs: second.paragraphs });
    expect((await fixed.json()).flags).toEqual([]);

    expect(
      (await (await letters.as(drafter).post(`/cases/${id}/quality-check`, {})).json()).status,
    ).toBe("quality_check");
    expect(
      (await (await letters.as(drafter).post(`/cases/${id}/approval`, {})).json()).status,
    ).toBe("approval");
    const notApprover = await letters.as(drafter).post(`/cases/${id}/approve`, {});
    expect(notApprover.status).toBe(403);
    expect((await notApprover.json()).error.message).toContain(
      "Only an approver can approve a reply",
    );
    const approved = await letters.as(approver).post(`/cases/${id}/approve`, {});
    expect(await approved.json()).toMatchObject({
      status: "approved",
      approvedBy: "Priya Approver",
    });
    expect(
      (
        await letters
          .as(drafter)
          .put(`/cases/${id}/draft`, { basedOn: 4, paragraphs: second.paragraphs })
      ).status,
    ).toBe(409);

    const word = await letters.as(drafter).call(`/cases/${id}/export.docx`);
    expect(word.status).toBe(200);
    const document = await (
      await JSZip.loadAsync(await word.arrayBuffer())
    )
      .file("word/document.xml")!
      .async("string");
    const words = document.replace(/<[^>]+>/g, " ");
    expect(words).toContain("Home Office");
    expect(words).toContain("Your reference: JS/2026/0142");
    expect(words).toContain("Dear Jane Smith,");
    expect(words).toContain("Sam Jones");
    const text = await (await letters.as(drafter).call(`/cases/${id}/export.txt`)).text();
    expect(text).toContain("People can apply for a passport online or by post.");
    expect(letters.audited.slice(-2).map((entry) => entry.file)).toEqual([
      `${created.reference} reply.docx`,
      `${created.reference} reply.txt`,
    ]);
    expect((await (await letters.as(drafter).post(`/cases/${id}/send`, {})).json()).status).toBe(
      "sent",
    );

    const comments = await letters.as(drafter).json(`/cases/${id}/comments`);
    expect(comments).toEqual([
      expect.objectContaining({
        authorName: "Priya Approver",
        text: "Answer the point about Leeds.",
        version: 1,
      }),
    ]);
    const changes = await letters.as(drafter).json(`/cases/${id}/changes`);
    expect(
      changes
        .map(
          (change: { action: string; actorName: string }) => `${change.action} ${change.actorName}`,
        )
        .reverse(),
    ).toEqual([
      "case.logged Dana Drafter",
      "case.assigned Dana Drafter",
      "draft.drafted Offline engine",
      "draft.sent-for-approval Dana Drafter",
      "draft.returned Priya Approver",
      "draft.line-used Dana Drafter",
      "draft.edited Dana Drafter",
      "draft.edited Dana Drafter",
      "draft.sent-for-quality-check Dana Drafter",
      "draft.sent-for-approval Dana Drafter",
      "draft.approved Priya Approver",
      "letter.exported Dana Drafter",
      "letter.exported Dana Drafter",
      "letter.sent Dana Drafter",
    ]);
    const dashboard = await letters.as(drafter).json("/dashboard");
    expect(dashboard.answeredInTime).toMatchObject({ sent: 1 });
  });

  it("keeps a person's version unless they agree to draft again, and refuses to export a reply not yet approved", async () => {
    const created = await letters.loggedCase();
    const first = await (await letters.as(drafter).post(`/cases/${created.id}/draft`, {})).json();
    await letters
      .as(drafter)
      .put(`/cases/${created.id}/draft`, { basedOn: 1, paragraphs: first.paragraphs });
    const again = await letters.as(drafter).post(`/cases/${created.id}/draft`, {});
    expect((await again.json()).error.code).toBe("EDITS_WOULD_BE_REPLACED");
    const confirmed = await letters
      .as(drafter)
      .post(`/cases/${created.id}/draft`, { replaceEdits: true });
    expect((await confirmed.json()).number).toBe(3);
    expect(
      (await letters.as(drafter).json(`/cases/${created.id}/versions`)).map(
        (v: { number: number }) => v.number,
      ),
    ).toEqual([3, 2, 1]);
    expect((await letters.as(drafter).call(`/cases/${created.id}/export.docx`)).status).toBe(409);
  });
});

describe("lines to take", () => {
  it("never uses a withdrawn line in a new draft, marks the drafts that used it, and keeps its versions", async () => {
    const created = await letters.loggedCase();
    const before = await (await letters.as(drafter).post(`/cases/${created.id}/draft`, {})).json();
    expect(before.paragraphs.flatMap((p: { lines: string[] }) => p.lines)).toContain("PASS-02");

    const withdrawn = await letters
      .as(drafter)
      .post("/lines/PASS-02/withdraw", { reason: "The hardship scheme has closed." });
    expect(await withdrawn.json()).toMatchObject({
      status: "withdrawn",
      unusable: "Line PASS-02 has been withdrawn.",
      version: 2,
    });
    const marked = await letters.as(drafter).json(`/cases/${created.id}/draft`);
    expect(marked.draft.flags).toContainEqual(
      expect.objectContaining({
        kind: "unusable-line",
        text: expect.stringContaining("Line PASS-02 has been withdrawn."),
      }),
    );
    const listed = (await letters.as(drafter).json("/cases")).find(
      (row: { id: string }) => row.id === created.id,
    );
    expect(listed.usesUnusableLines).toBe(true);

    const after = await (await letters.as(drafter).post(`/cases/${created.id}/draft`, {})).json();
    expect(after.paragraphs.flatMap((p: { lines: string[] }) => p.lines)).not.toContain("PASS-02");

    const line = await letters.as(drafter).json("/lines/PASS-02");
    expect(line.versions.map((v: { number: number; note: string }) => [v.number, v.note])).toEqual([
      [2, "Withdrawn: The hardship scheme has closed."],
      [1, "Imported from lines.jsonl"],
    ]);
    expect(line.usedIn.map((found: { id: string }) => found.id)).toContain(created.id);
    // Someone outside the team does not learn of the case through the line.
    expect(
      (await letters.as(outsider).json("/lines/PASS-02")).usedIn.map(
        (found: { id: string }) => found.id,
      ),
    ).not.toContain(created.id);

    // A review-by date in the past makes a line unusable; removing it makes it usable again.
    const lapsed = await letters
      .as(drafter)
      .put("/lines/PASS-01/expiry", { expiresOn: "2026-01-31" });
    expect(await lapsed.json()).toMatchObject({ unusable: "Line PASS-01 expired on 2026-01-31." });
    const renewed = await letters.as(drafter).put("/lines/PASS-01/expiry", { expiresOn: null });
    expect(await renewed.json()).toMatchObject({ expiresOn: null, unusable: null });
    const wrongDate = await letters
      .as(drafter)
      .put("/lines/PASS-01/expiry", { expiresOn: "31/01/2026" });
    expect((await wrongDate.json()).error.details[0].message).toBe(
      "Enter the review-by date as a real date, like 2026-03-03",
    );

    const search = await letters.as(drafter).json("/lines?search=passport%20online&status=usable");
    expect(search.map((found: { id: string }) => found.id)).toEqual(["OFFICE-01"]);
    const unusable = await letters.as(drafter).json("/lines?status=unusable");
    expect(unusable.map((found: { id: string }) => found.id).sort()).toEqual([
      "PASS-02",
      "PASS-03",
    ]);
  });

  it("reports the rows it cannot import and keeps the rest; an import changing a line makes a new version", async () => {
    const csv =
      'line_id,title,topic,text,approved_on\nBUS-01,Bus fares,Transport,"Bus fares outside London are capped at £2.50 a journey.",2026-01-05\nBAD-1,Broken,Transport,,2026-01-05\n';
    const form = new FormData();
    form.set("file", new Blob([csv]), "update.csv");
    const answer = await (
      await letters.as(drafter).call("/lines/import", { method: "POST", body: form })
    ).json();
    expect(answer).toMatchObject({ added: 0, updated: 1, unchanged: 0 });
    expect(answer.problems).toEqual([
      { row: 3, message: expect.stringContaining("text is missing") },
    ]);
    expect(await letters.as(drafter).json("/lines/BUS-01")).toMatchObject({
      version: 2,
      approvedOn: "2026-01-05",
    });
  });
});

describe("sharing and settings", () => {
  it("answers someone outside the case's team 'not found' on every route about the case", async () => {
    const shared = await letters.loggedCase();
    await letters.as(drafter).post(`/cases/${shared.id}/draft`, {});
    const aboutTheCase = documentedRoutes(letters.server.swagger(), {
      id: shared.id,
      format: "docx",
      number: "1",
    }).filter((route) => route.route.startsWith("/tools/letters/api/cases/{id}"));
    expect(aboutTheCase.length).toBeGreaterThan(15);
    const answers = await Promise.all(
      aboutTheCase.map(async ({ method, path }) => {
        const init = method === "GET" ? {} : { method, body: "{}" };
        const answer = await letters
          .as(outsider)
          .call(path.replace("/tools/letters/api", ""), init);
        return `${method} ${path} ${answer.status}`;
      }),
    );
    expect(answers.filter((answer) => !answer.endsWith(" 404"))).toEqual([]);
    expect(
      (await letters.as(outsider).json("/cases")).map((row: { id: string }) => row.id),
    ).not.toContain(shared.id);
    expect((await letters.as(outsider).json("/dashboard")).byStatus).toEqual([]);
  });

  it("shows a case to its team and hides it from others; only its owner changes who sees it; only admins change settings", async () => {
    const created = await letters.loggedCase();
    expect(created.sharedWith).toEqual(["Correspondence"]);
    expect((await letters.as(approver).call(`/cases/${created.id}`)).status).toBe(200);
    expect((await letters.as(outsider).call(`/cases/${created.id}`)).status).toBe(404);
    const takeover = await letters
      .as(approver)
      .put(`/cases/${created.id}/sharing`, { openToEveryone: true, sharedWith: [] });
    expect((await takeover.json()).error.message).toBe(
      "Only Dana Drafter, who owns this case, can change who may see it.",
    );
    await letters
      .as(drafter)
      .put(`/cases/${created.id}/sharing`, { openToEveryone: true, sharedWith: [] });
    expect((await letters.as(outsider).call(`/cases/${created.id}`)).status).toBe(200);

    const settings = await letters.as(drafter).json("/settings");
    expect((await letters.as(drafter).put("/settings", settings)).status).toBe(403);
    expect(await letters.as(approver).json("/me")).toMatchObject({ isApprover: true });
    expect(await letters.as(drafter).json("/me")).toMatchObject({ isApprover: false });
  });
});

describe("a campaign, answered once", () => {
  const campaignLetter = (name: string, street: string) =>
    [
      "Dear Minister,",
      "I am writing as one of many people worried about passport fees, which are too high for families on low incomes like mine. Please tell me what help there is for families on low incomes who cannot afford a passport.",
      "Yours sincerely,",
      `${name}\n${street}\nBristol\nBS1 1AA`,
    ].join("\n\n");
  const logCampaignLetter = async (name: string, street: string) => {
    const intake = await (
      await letters.as(drafter).post("/intake/text", { text: campaignLetter(name, street) })
    ).json();
    const created = await letters.as(drafter).post("/cases", {
      ...intake.fields,
      letterText: intake.letterText,
      channel: "letter",
      receivedOn: "2026-03-04",
      topic: "Passports",
      team: "Correspondence",
      replyType: "policy",
    });
    expect(created.status).toBe(201);
    return created.json();
  };
  const policyLines = (version: TestJson) =>
    version.paragraphs.filter((p: { kind: string }) => p.kind === "policy");

  it("drafts and approves on the lead, answers every other case with its own salutation and address, and lets a person take a case out", async () => {
    const lead = await logCampaignLetter("Alice Green", "1 Oak Road");
    const member = await logCampaignLetter("Bob White", "2 Elm Road");
    const leaving = await logCampaignLetter("Carol Black", "3 Ash Road");
    expect(lead.correspondentName).toBe("Alice Green");
    expect(leaving.campaignLead).toEqual({ id: lead.id, reference: lead.reference, cases: 3 });
    const listed = (await letters.as(drafter).json("/cases")).filter((row: { id: string }) =>
      [lead.id, member.id, leaving.id].includes(row.id),
    );
    expect(listed.map((row: TestJson) => row.campaignLead?.cases)).toEqual([3, 3, 3]);

    // A member's reply is the lead's: it is not drafted or sent for approval on its own.
    for (const refused of [
      await letters.as(drafter).post(`/cases/${member.id}/draft`, {}),
      await letters.as(drafter).post(`/cases/${member.id}/approval`, {}),
    ]) {
      expect(refused.status).toBe(409);
      const { error } = await refused.json();
      expect(error.code).toBe("ANSWERED_BY_CAMPAIGN");
      expect(error.message).toContain(`the reply to ${lead.reference} answers it`);
    }

    // Taken out, a case stays out: a later letter with the same text joins the lead, not it.
    const left = await letters.as(drafter).post(`/cases/${leaving.id}/leave-campaign`, {});
    expect(await left.json()).toMatchObject({ campaignLead: null, campaign: [] });
    const changes = await letters.as(drafter).json(`/cases/${leaving.id}/changes`);
    expect(changes[0]).toMatchObject({ action: "campaign.left" });
    const later = await logCampaignLetter("Dev Patel", "4 Elm Road");
    expect(later.campaignLead).toMatchObject({ id: lead.id, cases: 3 });
    expect((await letters.as(drafter).json(`/cases/${leaving.id}`)).campaignLead).toBeNull();
    const notIn = await letters.as(drafter).post(`/cases/${leaving.id}/leave-campaign`, {});
    expect((await notIn.json()).error.message).toBe("This case is not in a campaign.");

    // The lead's reply, every point answered by a line, approved once.
    const drafted = await (await letters.as(drafter).post(`/cases/${lead.id}/draft`, {})).json();
    const answered = drafted.paragraphs.map((p: TestJson) =>
      p.kind === "placeholder"
        ? {
            // PASS-02 (help with fees) was withdrawn above.
            text: "Passport fees pay for the cost of the passport service. They are not paid for by general taxation.",
            lines: ["PASS-01"],
            kind: "policy",
          }
        : p,
    );
    const ready = await (
      await letters.as(drafter).put(`/cases/${lead.id}/draft`, { basedOn: 1, paragraphs: answered })
    ).json();
    expect(blocking(ready)).toEqual([]);
    await letters.as(drafter).post(`/cases/${lead.id}/approval`, {});
    const approve = async () =>
      expect(
        (await (await letters.as(approver).post(`/cases/${lead.id}/approve`, {})).json()).status,
      ).toBe("approved");
    await approve();

    for (const [answeredCase, name] of [
      [member, "Bob White"],
      [later, "Dev Patel"],
    ] as const) {
      const found = await letters.as(drafter).json(`/cases/${answeredCase.id}`);
      expect(found).toMatchObject({ status: "approved", approvedBy: "Priya Approver" });
      const { draft } = await letters.as(drafter).json(`/cases/${answeredCase.id}/draft`);
      expect(draft).toMatchObject({ source: "campaign", number: 1 });
      expect(draft.paragraphs[0].text).toBe(`Dear ${name},`);
      expect(policyLines(draft)).toEqual(policyLines(ready));
      expect(blocking(draft)).toEqual([]);
    }
    expect((await letters.as(drafter).json(`/cases/${leaving.id}`)).status).toBe("received");

    // Each case goes out to its own correspondent, under its own reference.
    const exported = await letters.as(drafter).call(`/cases/${member.id}/export.txt`);
    expect(exported.status).toBe(200);
    const letter = await exported.text();
    expect(letter).toContain(`Our reference: ${member.reference}`);
    expect(letter).toContain("Bob White\n2 Elm Road");
    expect(letter).toContain("Dear Bob White,");
    expect(letter).not.toContain("Alice Green");

    // Returned after approval, the lead takes its members back with it; approved again, they follow.
    await letters.as(approver).post(`/cases/${lead.id}/return`, { comment: "Check the date." });
    expect((await letters.as(drafter).json(`/cases/${member.id}`)).status).toBe("drafting");
    const memberReturn = await letters
      .as(approver)
      .post(`/cases/${member.id}/return`, { comment: "No." });
    expect((await memberReturn.json()).error.code).toBe("ANSWERED_BY_CAMPAIGN");
    await letters.as(drafter).post(`/cases/${lead.id}/approval`, {});
    await approve();
    const { draft: again } = await letters.as(drafter).json(`/cases/${member.id}/draft`);
    expect(again).toMatchObject({ source: "campaign", number: 2 });
    const sent = await letters.as(drafter).post(`/cases/${member.id}/send`, {});
    expect((await sent.json()).status).toBe("sent");
  });
});
