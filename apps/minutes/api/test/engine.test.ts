import { describe, expect, it } from "vitest";
import { alignToAgenda } from "../src/engine/agenda.js";
import { findActions, findApologies, findDecisions } from "../src/engine/cues.js";
import { findAttendees } from "../src/engine/speakers.js";
import { findDue } from "../src/engine/dates.js";
import { draftMinutes } from "../src/engine/offline.js";
import { reportedSpeech, voiceOf } from "../src/engine/reported-speech.js";
import { segmentTopics } from "../src/engine/segment.js";
import { properNounsIn, spokenSentences, withoutAddress } from "../src/engine/spoken.js";
import type { Turn } from "../src/transcripts/types.js";

const turnsOf = (lines: [string, string][]): Turn[] =>
  lines.map(([speaker, text], index) => ({ index, speaker, text }));

describe("reported speech", () => {
  const jones = voiceOf("Ms Jane Jones");
  it("moves first person to the third and verbs one step back", () => {
    expect(reportedSpeech("I think we can finish the review by Friday.", jones)).toBe(
      "Ms Jane Jones said that she thought they could finish the review by Friday.",
    );
    expect(reportedSpeech("So, I'm clear that schools will reopen when it is safe.", jones)).toBe(
      "Ms Jane Jones said that she was clear that schools would reopen when it was safe.",
    );
    expect(reportedSpeech("I don't know the answer at the moment.", voiceOf("Mr Tom Reed"))).toBe(
      "Mr Tom Reed said that he did not know the answer at that time.",
    );
  });
  it("puts regular verbs after a subject in the past, leaving words that are not verbs", () => {
    expect(reportedSpeech("I determine that we need more teachers.", jones)).toBe(
      "Ms Jane Jones said that she determined that they needed more teachers.",
    );
    expect(reportedSpeech("We as a committee carry on.", jones)).toBe(
      "Ms Jane Jones said that they as a committee carry on.",
    );
  });
  it("moves verbs of saying and thinking back after any subject, not only a pronoun", () => {
    expect(reportedSpeech("The council believes the plan goes too far.", jones)).toBe(
      "Ms Jane Jones said that the council believed the plan went too far.",
    );
    expect(reportedSpeech("The report shows what the shows cost.", jones)).toBe(
      "Ms Jane Jones said that the report showed what the shows cost.",
    );
  });
  it("leaves verbs already in the past, and moves 'cannot' back as a whole", () => {
    expect(reportedSpeech("As I said, the system I spoke of is simple.", jones)).toBe(
      "Ms Jane Jones said that as she said, the system she spoke of was simple.",
    );
    expect(reportedSpeech("We can't force families to tell us.", jones)).toBe(
      "Ms Jane Jones said that they could not force families to tell them.",
    );
  });
  it("reports concisely for an overview: no letters after the name, no 'that'", () => {
    const member = voiceOf("Kirsty Williams AM");
    expect(reportedSpeech("To sum up, we are not there yet.", member, { concise: true })).toBe(
      "Kirsty Williams said they were not there yet.",
    );
    expect(reportedSpeech("We are not there yet.", member)).toBe(
      "Kirsty Williams AM said that they were not there yet.",
    );
  });
  it("shifts times and possessives, and keeps the capital of a name", () => {
    expect(reportedSpeech("We've published our guidance today.", voiceOf("Kirsty Williams"))).toBe(
      "Kirsty Williams said that they had published their guidance that day.",
    );
    const names = { ...jones, properNouns: properNounsIn(["The plan for Wales is here."]) };
    expect(reportedSpeech("Wales has a plan for next year.", names)).toBe(
      "Ms Jane Jones said that Wales had a plan for the following year.",
    );
    expect(reportedSpeech("Officials are working with councils.", names)).toBe(
      "Ms Jane Jones said that officials were working with councils.",
    );
  });
  it("turns questions into indirect ones, 'you' into the person asked", () => {
    const asking = { ...voiceOf("Hefin David"), addressee: "the Minister" };
    expect(reportedSpeech("Have you been given a date?", asking)).toBe(
      "Hefin David asked whether the Minister had been given a date.",
    );
    expect(reportedSpeech("Do you agree with the proposal?", asking)).toBe(
      "Hefin David asked whether the Minister agreed with the proposal.",
    );
    expect(reportedSpeech("You are right about that.", asking)).toBe(
      "Hefin David said that the Minister was right about that.",
    );
  });
});

describe("sentences of a turn", () => {
  it("splits at a stop before a capital, not inside numbers or abbreviations", () => {
    expect(
      spokenSentences("Under Standing Order 34.19, I agree. e.g. the hubs open. Yes? 3 schools."),
    ).toEqual(["Under Standing Order 34.19, I agree. e.g. the hubs open.", "Yes?", "3 schools."]);
  });
  it("leaves out whom the speaker addresses, by office or by a name in the meeting", () => {
    expect(withoutAddress("Madam Chair, the figures are late.")).toBe("The figures are late.");
    expect(withoutAddress("Mr.Chair, since March we have acted.")).toBe(
      "Since March we have acted.",
    );
    expect(withoutAddress("Will you publish it, Minister?")).toBe("Will you publish it?");
    const names = new Set(["Tom", "Reed"]);
    expect(withoutAddress("Tom, can you circulate the plan?", names)).toBe(
      "Can you circulate the plan?",
    );
    expect(withoutAddress("Wales, like England, has a plan.", names)).toBe(
      "Wales, like England, has a plan.",
    );
  });
  it("finds names written with a capital mid-sentence", () => {
    expect([...properNounsIn(["The plan for Wales and the NHS. Schools open."])]).toEqual([
      "Wales",
      "NHS",
    ]);
  });
});

describe("due dates, against a meeting on Wednesday 2 December 2026", () => {
  const on = (text: string) => findDue(text, "2026-12-02");
  it.each([
    ["by Friday", "2026-12-04", "Friday"],
    ["by next Friday", "2026-12-11", "next Friday"],
    ["before Monday", "2026-12-07", "Monday"],
    ["tomorrow please", "2026-12-03", "tomorrow"],
    ["by the end of the week", "2026-12-04", "the end of the week"],
    ["next week", "2026-12-11", "next week"],
    ["by the end of the month", "2026-12-31", "the end of the month"],
    ["within two weeks", "2026-12-16", "within two weeks"],
    ["by 12 March", "2027-03-12", "12 March"],
    ["by December 18th", "2026-12-18", "December 18th"],
    ["by 10/12/2026", "2026-12-10", "10/12/2026"],
  ])("%s", (text, due, dueText) => {
    expect(on(text)).toEqual({ due, dueText });
  });
  it("keeps the words but no date without the meeting's date; none when nothing is said", () => {
    expect(findDue("by Friday")).toEqual({ due: null, dueText: "Friday" });
    expect(findDue("by 2027-01-05")).toEqual({ due: "2027-01-05", dueText: "2027-01-05" });
    expect(findDue("by 31 February", "2026-12-02")?.due).toBeNull();
    expect(on("we talked about buses")).toBeUndefined();
  });
});

describe("decisions, actions, apologies and attendees", () => {
  const meeting = turnsOf([
    [
      "Priya Shah",
      "Good morning. We have received apologies from Sam Lee and Ann Cole, who is on leave.",
    ],
    ["Speaker 2", "Morning. I'm Tom Reed, from the depot."],
    [
      "Priya Shah",
      "We agreed that the depot will close on Sundays. Tom, can you circulate the rota by Friday?",
    ],
    [
      "Speaker 2",
      "Yes. I'll send the figures to the committee next week. I will move on to fares now.",
    ],
    [
      "Priya Shah",
      "Action: Tom Reed to check the fares. Ann Cole has sent her apologies too. Are we agreed?",
    ],
  ]);
  it("finds attendees from speakers, naming a generic label from its introduction", () => {
    const { names, turns } = findAttendees(meeting);
    expect(names).toEqual(["Priya Shah", "Tom Reed"]);
    expect(turns.map((turn) => turn.speaker)).toEqual([
      "Priya Shah",
      "Tom Reed",
      "Priya Shah",
      "Tom Reed",
      "Priya Shah",
    ]);
  });
  it("lists each person once under their fullest label, whatever spelling a turn used", () => {
    const { names, turns } = findAttendees(
      turnsOf([
        ["The Chair (Ms. Ruth Ellis (Northfield, Ind.))", "Good morning, colleagues."],
        ["Hon. Omar Kent (Minister of Ports)", "Thank you, Chair."],
        ["The Chair", "Mr. Dale Hart, please."],
        ["Mr. Dale Hart (Eastwood, Lab.)", "Will the minister publish the report?"],
        ["Hon. Omar Kent", "I will publish it."],
        ["Mr Dale Hart", "When?"],
        ["The Acting Chair (Mr. Sam Noor)", "I take the chair for a while."],
        ["The Acting Chair", "Mr. Dale Hart, a last question."],
        ["Dale Hart MP", "No more from me."],
        ["The Chair", "I am back in the chair."],
      ]),
    );
    expect(names).toEqual([
      "The Chair (Ms. Ruth Ellis (Northfield, Ind.))",
      "Hon. Omar Kent (Minister of Ports)",
      "Mr. Dale Hart (Eastwood, Lab.)",
      "The Acting Chair (Mr. Sam Noor)",
    ]);
    expect(turns.map((turn) => turn.speaker)).toEqual([
      names[0],
      names[1],
      names[0],
      names[2],
      names[1],
      names[2],
      names[3],
      names[3],
      names[2],
      names[0],
    ]);
  });
  it("names one person the same way in attendees, action owners and reported speech", () => {
    const minutes = draftMinutes(
      turnsOf([
        ["The Chair (Ms. Ruth Ellis (Northfield, Ind.))", "Good morning and welcome."],
        ["Mr. Dale Hart (Eastwood, Lab.)", "Thank you."],
        ["The Chair", "Minister, can you send the port figures to the committee by Friday?"],
        ["Hon. Omar Kent (Minister of Ports)", "Yes."],
        ["Hon. Omar Kent", "I'll circulate the dredging plan next week."],
        [
          "Mr Dale Hart",
          "I declare an interest as a harbour trustee. Ruth, will you check the fees?",
        ],
        ["The Chair", "Yes."],
      ]),
      { date: "2026-12-02" },
    );
    expect(minutes.attendees).toEqual([
      "The Chair (Ms. Ruth Ellis (Northfield, Ind.))",
      "Mr. Dale Hart (Eastwood, Lab.)",
      "Hon. Omar Kent (Minister of Ports)",
    ]);
    expect(minutes.actions.map((action) => action.owner)).toEqual([
      "Hon. Omar Kent (Minister of Ports)",
      "Hon. Omar Kent (Minister of Ports)",
      "The Chair (Ms. Ruth Ellis (Northfield, Ind.))",
    ]);
    expect(minutes.declarations.map((declaration) => declaration.text)).toEqual([
      expect.stringMatching(/^Mr\. Dale Hart /),
    ]);
  });
  it("gives a bare role to whoever is named in it later, and keeps it when nobody is", () => {
    const { names } = findAttendees(
      turnsOf([
        ["Chair", "Welcome."],
        ["Jo Bell", "Thanks."],
        ["The Chair (Dr Ana Pike)", "Let us begin."],
        ["The Clerk", "Item one."],
      ]),
    );
    expect(names).toEqual(["The Chair (Dr Ana Pike)", "Jo Bell", "The Clerk"]);
  });
  it("finds apologies with the turns they came from", () => {
    expect(findApologies(meeting)).toEqual({ names: ["Sam Lee", "Ann Cole"], turns: [0, 4] });
  });
  it("finds decisions by their cues, not questions", () => {
    expect(findDecisions(meeting)).toEqual([
      { text: "It was agreed that the depot would close on Sundays.", turns: [2] },
    ]);
  });
  it("finds actions with owners and due dates; procedure is not an action", () => {
    const named = meeting.map((turn) => ({
      ...turn,
      speaker: turn.speaker === "Speaker 2" ? "Tom Reed" : turn.speaker,
    }));
    expect(findActions(named, ["Priya Shah", "Tom Reed"], "2026-12-02")).toEqual([
      {
        text: "Circulate the rota by Friday",
        owner: "Tom Reed",
        due: "2026-12-04",
        dueText: "Friday",
        turns: [2],
      },
      {
        text: "Send the figures to the committee next week",
        owner: "Tom Reed",
        due: "2026-12-11",
        dueText: "next week",
        turns: [3],
      },
      { text: "Check the fares", owner: "Tom Reed", due: null, dueText: null, turns: [4] },
    ]);
  });
  it("gives a request to whoever answers it when nobody is named", () => {
    const asked = turnsOf([
      ["Priya Shah", "Could you please send me the report by tomorrow?"],
      ["Ann Cole", "Of course."],
    ]);
    expect(findActions(asked, ["Priya Shah", "Ann Cole"])[0]).toMatchObject({
      owner: "Ann Cole",
      dueText: "tomorrow",
      due: null,
    });
  });
});

/** A stretch of talk about one subject: each turn a different mix of the subject's words. */
function talk(
  speakers: string[],
  words: string[],
  turns: number,
  offset: number,
): [string, string][] {
  return Array.from({ length: turns }, (_, turn) => [
    speakers[turn % speakers.length]!,
    Array.from({ length: 60 }, (_, i) => words[(turn * 7 + i * 3 + offset) % words.length]).join(
      " ",
    ) + ".",
  ]);
}

const BUSES =
  "depot buses fares drivers routes timetable garage diesel electric passengers tickets shelters".split(
    " ",
  );
const SCHOOLS =
  "schools teachers pupils exams classrooms curriculum homework headteachers inspections lessons governors grades".split(
    " ",
  );

describe("topic segmentation", () => {
  it("starts a new topic where the words and speakers change", () => {
    const turns = turnsOf([
      ...talk(["Priya Shah", "Tom Reed"], BUSES, 20, 0),
      ...talk(["Priya Shah", "Ann Cole"], SCHOOLS, 20, 1),
    ]);
    expect(segmentTopics(turns)).toEqual([
      { from: 0, to: 19 },
      { from: 20, to: 39 },
    ]);
  });
  it("keeps a short meeting in one piece", () => {
    expect(
      segmentTopics(
        turnsOf([
          ["A", "Hello there."],
          ["B", "Hello."],
        ]),
      ),
    ).toEqual([{ from: 0, to: 1 }]);
  });
  it("starts an item where the chair announces one, titled as the chair named it", () => {
    const turns = turnsOf([
      ["Priya Shah", "Good morning. The first item is the depot budget for next year."],
      ["Tom Reed", "The depot budget is under pressure because fuel costs rose over the winter."],
      ["Ann Cole", "We could move the night buses to the electric fleet to cut fuel spending."],
      ["Tom Reed", "The electric fleet needs new chargers before it can run the night routes."],
      ["Priya Shah", "The next item is the passenger survey and what riders told us."],
      ["Ann Cole", "Most riders who replied to the survey asked for later evening buses."],
    ]);
    expect(segmentTopics(turns)).toEqual([
      { from: 0, to: 3 },
      { from: 4, to: 5 },
    ]);
    expect(draftMinutes(turns).items.map((item) => item.title)).toEqual([
      "Depot budget for the following year",
      "Passenger survey",
    ]);
  });
  it("aligns turns to a given agenda, in order", () => {
    const turns = turnsOf([
      ["Priya Shah", "Welcome, everyone."],
      ["Priya Shah", "Item 1: the bus depot. The depot needs new electric buses."],
      ["Tom Reed", "The depot garage is full and the buses are old."],
      ["Priya Shah", "Item 2, school transport. Pupils wait too long for the school bus."],
      ["Ann Cole", "Schools say pupils arrive late for lessons."],
    ]);
    expect(alignToAgenda(turns, ["Bus depot", "School transport"])).toEqual([
      { from: 0, to: 2 },
      { from: 3, to: 4 },
    ]);
  });
});

describe("draftMinutes", () => {
  const turns = turnsOf([
    ...talk(["Priya Shah", "Tom Reed"], BUSES, 20, 0),
    [
      "Priya Shah",
      "We agreed that the depot would switch to electric buses. Tom, can you circulate the plan by Friday?",
    ],
    ...talk(["Priya Shah", "Ann Cole"], SCHOOLS, 20, 1),
  ]);
  const minutes = draftMinutes(turns, { date: "2026-12-02" });

  it("drafts items with points in reported speech, each citing turns of its item", () => {
    expect(minutes.items.length).toBe(2);
    for (const item of minutes.items) {
      expect(item.points.length).toBeGreaterThanOrEqual(2);
      for (const point of item.points) {
        expect(point.text).toMatch(/^(Priya Shah|Tom Reed|Ann Cole) (said that|asked)/);
        for (const turn of point.turns) expect(turn >= item.from && turn <= item.to).toBe(true);
      }
    }
    expect(minutes.items[0]!.title).toMatch(/^[A-Z]/);
  });
  it("has attendees, decisions, actions with dates, and a summary naming the items", () => {
    expect(minutes.attendees).toEqual(["Priya Shah", "Tom Reed", "Ann Cole"]);
    expect(minutes.decisions).toEqual([
      { text: "It was agreed that the depot would switch to electric buses.", turns: [20] },
    ]);
    expect(minutes.actions).toEqual([
      expect.objectContaining({ owner: "Tom Reed", due: "2026-12-04", turns: [20] }),
    ]);
    expect(minutes.summary).toMatch(/^The meeting covered .+ and .+\./);
  });
  it("summarises concisely, in meeting order, what was said beside the most repeated", () => {
    const repeated = "new more fast cheap spare solar quiet wired big small smart green".split(" ");
    const draft = draftMinutes(
      turnsOf([
        ...repeated.map((kind, index): [string, string] => [
          index % 2 ? "Tom Reed" : "Priya Shah",
          `The depot garage is full and the electric buses need ${kind} chargers before the winter.`,
        ]),
        [
          "Ann Cole",
          "Pupils wait too long for the school bus and so arrive late for their lessons.",
        ],
      ]),
    );
    const sentences = draft.summary.split(/(?<=\.) (?=[A-Z])/).slice(1);
    for (const sentence of sentences) {
      expect(sentence).toMatch(/^(Priya Shah|Tom Reed|Ann Cole) said (?!that)/);
    }
    // About a quarter of a short meeting's words: the opening point and one or two more.
    expect(sentences.length).toBeGreaterThanOrEqual(2);
    expect(sentences.length).toBeLessThanOrEqual(3);
    expect(sentences.at(-1)).toBe(
      "Ann Cole said pupils wait too long for the school bus and so arrive late for their lessons.",
    );
    const order = sentences.map((sentence) => draft.summary.indexOf(sentence));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });
  it("keeps apologies, actions and forms of address out of points", () => {
    const meeting = turnsOf([
      [
        "Priya Shah",
        "We have received apologies for absence from Sam Lee and from Ann Cole today.",
      ],
      [
        "Tom Reed",
        "Madam Chair, the depot garage is full and the electric buses need chargers now.",
      ],
      ["Priya Shah", "Tom, can you tell us when the new chargers for the depot will arrive?"],
      ["Priya Shah", "Action: Tom Reed to send the quotes for the chargers to the team by Friday."],
    ]);
    const pointsOf = (minutes: ReturnType<typeof draftMinutes>) =>
      minutes.items.flatMap((item) => item.points.map((point) => point.text));
    const draft = draftMinutes(meeting);
    expect(pointsOf(draft)).toEqual([
      "Tom Reed said that the depot garage was full and the electric buses need chargers now.",
      "Priya Shah asked whether they could tell them when the new chargers for the depot would arrive.",
    ]);
    expect(draft.apologies).toEqual(["Sam Lee", "Ann Cole"]);
    expect(draft.actions).toEqual([expect.objectContaining({ owner: "Tom Reed", turns: [3] })]);
    // Two sentences would both be points; the action is in the actions table instead.
    expect(pointsOf(draftMinutes([meeting[1]!, { ...meeting[3]!, index: 1 }]))).toEqual([
      "Tom Reed said that the depot garage was full and the electric buses need chargers now.",
    ]);
  });
  it("is deterministic", () => {
    expect(draftMinutes(turns, { date: "2026-12-02" })).toEqual(minutes);
  });
});
