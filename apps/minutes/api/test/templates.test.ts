import { describe, expect, it } from "vitest";
import { draftMinutes } from "../src/engine/offline.js";
import {
  BUILT_IN_TEMPLATES,
  builtInTemplate,
  minutesTemplate,
  parseTemplate,
  renderMinutes,
} from "../src/engine/templates.js";
import { minutesMarkdown } from "../src/export/markdown.js";
import type { Turn } from "../src/transcripts/types.js";

const turnsOf = (lines: [string, string][]): Turn[] =>
  lines.map(([speaker, text], index) => ({ index, speaker, text }));

const MEETING = turnsOf([
  [
    "Priya Shah",
    "Good morning. We have received apologies from Sam Lee. Does anyone have an interest to declare?",
  ],
  ["Ann Cole", "I declare an interest as a governor of Hill Street school."],
  [
    "Tom Reed",
    "The depot garage is full, the electric buses need chargers, and drivers are waiting for the new timetable before the routes change.",
  ],
  ["Tom Reed", "I propose that the depot orders four chargers this winter."],
  ["Ann Cole", "I second that proposal, the chargers are overdue for the new buses."],
  [
    "Priya Shah",
    "We agreed that the depot would order four chargers. Tom, can you circulate the charging plan by Friday?",
  ],
  [
    "Priya Shah",
    "So to sum up, I think the depot plan is sound and we will come back to the costs in January.",
  ],
]);

const minutes = () => draftMinutes(MEETING, { date: "2026-12-02" });

describe("templates as data", () => {
  it("every built-in template is valid against the schema people's templates are stored with", () => {
    for (const template of BUILT_IN_TEMPLATES) {
      expect(minutesTemplate.parse(template)).toEqual(template);
    }
    expect(BUILT_IN_TEMPLATES.map((template) => template.id)).toEqual([
      "formal",
      "note",
      "committee",
      "summary",
    ]);
  });

  it("refuses a template that breaks the schema, saying which field and why", () => {
    const checked = parseTemplate({
      id: "My Template",
      name: "Mine",
      description: "d",
      titlePrefix: "Notes",
      style: "Plain.",
      sections: [
        { kind: "summary", heading: "Summary", instructions: "One paragraph." },
        { kind: "speeches", heading: "Speeches", instructions: "Everything." },
      ],
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems.join("\n")).toMatch(/^id: an id is lower-case letters/m);
    expect(checked.problems.join("\n")).toMatch(/^sections\.1\.kind: /m);
  });

  it("renders a person's own template: its headings, in its order, with its defaults", () => {
    const checked = parseTemplate({
      id: "decisions-only",
      name: "Decisions only",
      description: "What was settled.",
      titlePrefix: "Decisions",
      style: "Plain English.",
      sections: [
        { kind: "decisions", heading: "What we settled", instructions: "Each decision." },
        { kind: "text", heading: "Risks", instructions: "Any risks raised." },
      ],
    });
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const sections = renderMinutes(minutes(), checked.template);
    expect(sections.map((section) => section.heading)).toEqual(["What we settled", "Risks"]);
    const markdown = minutesMarkdown(minutes(), checked.template, { title: "Depot" });
    expect(markdown).toMatch(/^# Decisions: Depot\n/);
    expect(markdown).toContain(
      "- It was agreed that the depot would order four chargers. (turn 5)",
    );
    expect(markdown).toContain("To be written: the model writes this section");
  });
});

describe("the offline engine in each built-in template", () => {
  it("formal minutes: reported speech, the discussion lead, the Chair summing up", () => {
    const markdown = minutesMarkdown(minutes(), "formal", { title: "Depot" });
    expect(markdown).toMatch(
      /^# Minutes: Depot\n\nDate: 2026-12-02\.\n\n## Present\n\n- Priya Shah/,
    );
    expect(markdown).toContain("## Apologies\n\n- Sam Lee");
    expect(markdown).toContain("In discussion the following points were made:");
    expect(markdown).toMatch(
      /Summing up, the Chair said that they thought the depot plan was sound and they would come back to the costs in January\. \(turn 6\)/,
    );
    expect(markdown).not.toMatch(/\bI think\b|\bwe will\b|to sum up/i);
    expect(markdown).toMatch(
      /\| 1 \| Circulate the charging plan by Friday \| Tom Reed \| 2026-12-04 \| open \| 5 \|/,
    );
  });

  it("note of meeting: the numbered action summary comes first", () => {
    const markdown = minutesMarkdown(minutes(), "note", { title: "Depot" });
    const actions = markdown.indexOf("## Summary of actions");
    expect(actions).toBeGreaterThan(0);
    expect(actions).toBeLessThan(markdown.indexOf("## Present"));
    expect(markdown).toMatch(
      /## Summary of actions\n\n1\. Tom Reed: Circulate the charging plan by Friday\. Due: 2026-12-04\. \(turn 5\)/,
    );
    expect(markdown).not.toContain("In discussion the following points were made");
  });

  it("committee minutes: declarations of interest, RESOLVED with proposer and seconder", () => {
    const drafted = minutes();
    expect(drafted.decisions[0]).toMatchObject({ proposer: "Tom Reed", seconder: "Ann Cole" });
    const markdown = minutesMarkdown(drafted, "committee", { title: "Depot" });
    expect(markdown).toMatch(/## Declarations of interest\n\n- .*Hill Street school.*\(turn 1\)/);
    expect(markdown).toContain(
      "- RESOLVED that the depot would order four chargers. Proposed by Tom Reed. Seconded by Ann Cole. (turn 5)",
    );
    expect(markdown.indexOf("## Declarations of interest")).toBeLessThan(
      markdown.indexOf("## Items"),
    );
  });

  it("short summary: one paragraph, decisions and actions, no list of those present", () => {
    const markdown = minutesMarkdown(minutes(), "summary", { title: "Depot" });
    expect(markdown).toMatch(
      /^# Summary: Depot\n\nDate: 2026-12-02\.\n\n## Summary\n\nThe meeting covered/,
    );
    expect(markdown).not.toContain("## Present");
    expect(markdown).not.toContain("## Items");
    expect(markdown).toContain("## Decisions");
  });

  it("keeps every entry's citations and shows what a person must check", () => {
    const drafted = minutes();
    drafted.decisions[0] = {
      ...drafted.decisions[0]!,
      unsupported: true,
      problems: ['"Ms Green" appears nowhere in the transcript'],
    };
    const sections = renderMinutes(drafted, builtInTemplate("summary")!);
    const decisions = sections.find((section) => section.heading === "Decisions")!;
    expect(decisions.kind === "entries" && decisions.entries[0]!.problems).toEqual([
      "no turn of the transcript supports this",
      '"Ms Green" appears nowhere in the transcript',
    ]);
    expect(minutesMarkdown(drafted, "summary")).toContain(
      '**Check:** no turn of the transcript supports this; "Ms Green" appears nowhere in the transcript',
    );
  });
});
