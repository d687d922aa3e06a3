import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { expect, it } from "vitest";
import { minutesDocx } from "../src/export/word.js";
import { readTranscript } from "../src/transcripts/index.js";

/** Each case starts the CLI a few times (tsx compiles it each time): slow on a busy machine. */
const SLOW = { timeout: 120_000 };

const here = path.resolve(import.meta.dirname, "..");
const tsx = path.join(here, "node_modules/.bin/tsx");
const run = (script: string, ...args: string[]) =>
  spawnSync(tsx, [`src/cli/${script}.ts`, ...args], { cwd: here, encoding: "utf8" });

const MEETING: [string, string][] = [
  [
    "Priya Shah",
    "Good morning. We have received apologies from Sam Lee. Today we look at the bus depot and then school transport.",
  ],
  [
    "Tom Reed",
    "The depot garage is full, the electric buses need chargers, and drivers are waiting for the new timetable before the routes change.",
  ],
  [
    "Priya Shah",
    "We agreed that the depot would order four chargers. Tom, can you circulate the charging plan by Friday?",
  ],
  ["Tom Reed", "Yes. I will send the plan and the costs to the committee on Friday."],
  [
    "Ann Cole",
    "On school transport, pupils wait too long for the school bus, and headteachers report pupils arriving late for lessons every week.",
  ],
  [
    "Priya Shah",
    "Thank you. We decided to ask the council for an earlier school bus on the longest routes.",
  ],
];

async function transcriptFile(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "minutes-cli-"));
  const file = path.join(dir, "depot.txt");
  await writeFile(file, MEETING.map(([speaker, text]) => `${speaker}: ${text}`).join("\n"));
  return file;
}

it(
  "drafts JSON minutes in the issue's shape, every citation a turn that exists",
  SLOW,
  async () => {
    const file = await transcriptFile();
    const out = file.replace(/\.txt$/, ".json");
    const result = run("minutes", "draft", file, "--date", "2026-12-02", "--out", out);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Read 6 turns (text) from ${file}`);
    const minutes = JSON.parse(await readFile(out, "utf8"));
    expect(minutes.attendees).toEqual(["Priya Shah", "Tom Reed", "Ann Cole"]);
    expect(minutes.apologies).toEqual(["Sam Lee"]);
    expect(minutes.summary).toMatch(/^The meeting covered/);
    expect(minutes.decisions.map((decision: { turns: number[] }) => decision.turns)).toEqual([
      [2],
      [5],
    ]);
    expect(minutes.actions).toEqual([
      expect.objectContaining({ owner: "Tom Reed", due: "2026-12-04", turns: [2] }),
      expect.objectContaining({ owner: "Tom Reed", due: "2026-12-04", turns: [3] }),
    ]);
    const cited = [
      ...minutes.items.flatMap((item: { points: { turns: number[] }[] }) => item.points),
      ...minutes.decisions,
      ...minutes.actions,
    ].flatMap((point: { turns: number[] }) => point.turns);
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.every((turn: number) => turn >= 0 && turn < MEETING.length)).toBe(true);
    for (const item of minutes.items) {
      expect(item).toMatchObject({
        title: expect.any(String),
        from: expect.any(Number),
        to: expect.any(Number),
        points: expect.any(Array),
      });
      // The Chair's summing up, where the item has one, cites its turn as every point does.
      if (item.summingUp) expect(item.summingUp.turns.length).toBeGreaterThan(0);
    }
  },
);

it("writes Markdown in each template", SLOW, async () => {
  const file = await transcriptFile();
  const markdown = async (template: string) => {
    const out = file.replace(/\.txt$/, `-${template}.md`);
    const result = run("minutes", "draft", file, "--template", template, "--out", out);
    expect(result.status, result.stderr).toBe(0);
    return readFile(out, "utf8");
  };
  const formal = await markdown("formal");
  expect(formal).toMatch(/^# Minutes: depot\n/);
  expect(formal).toContain("In discussion the following points were made:");
  expect(formal).toMatch(/## Apologies\n\n- Sam Lee/);
  expect(formal).toMatch(
    /\| 1 \| Circulate the charging plan by Friday \| Tom Reed \| Friday \| open \| 2 \|/,
  );
  const note = await markdown("note");
  expect(note.indexOf("## Summary of actions")).toBeLessThan(note.indexOf("## Present"));
  expect(note).toMatch(
    /1\. Tom Reed: Circulate the charging plan by Friday\. Due: Friday\. \(turn 2\)/,
  );
  const committee = await markdown("committee");
  expect(committee).toContain("## Declarations of interest");
  expect(committee).toMatch(/- RESOLVED that the depot would order four chargers\. \(turn 2\)/);
  const summary = await markdown("summary");
  expect(summary).toMatch(/^# Summary: depot\n\n## Summary\n\nThe meeting covered/);
  expect(summary).not.toContain("## Present");
});

it("splits the meeting at a given agenda's items", SLOW, async () => {
  const file = await transcriptFile();
  const agenda = path.join(path.dirname(file), "agenda.txt");
  await writeFile(agenda, "Bus depot\nSchool transport\n");
  const out = file.replace(/\.txt$/, "-agenda.json");
  const result = run("minutes", "draft", file, "--agenda", agenda, "--out", out);
  expect(result.status, result.stderr).toBe(0);
  const minutes = JSON.parse(await readFile(out, "utf8"));
  expect(
    minutes.items.map((item: { title: string; from: number; to: number }) => [
      item.title,
      item.from,
      item.to,
    ]),
  ).toEqual([
    ["Bus depot", 0, 3],
    ["School transport", 4, 5],
  ]);
});

it("says clearly what is wrong with the command or the file", SLOW, async () => {
  const file = await transcriptFile();
  const out = file.replace(/\.txt$/, ".json");
  expect(run("minutes", "draft", file).stderr).toContain(
    "Usage: pnpm minutes draft <transcript> --out",
  );
  expect(run("minutes", "draft", file, "--engine", "model", "--out", out).stderr).toContain(
    "--engine model needs a model: set BERNARD_LLM_PROVIDER",
  );
  expect(run("minutes", "draft", file, "--template", "fancy", "--out", out).stderr).toContain(
    'There is no template called "fancy"',
  );
  expect(run("minutes", "draft", file, "--date", "2026-13-40", "--out", out).stderr).toContain(
    "--date 2026-13-40 is not a date",
  );
  const word = file.replace(/\.txt$/, ".docx");
  expect(run("minutes", "draft", file, "--out", word).status).toBe(0);
  expect((await readFile(word)).subarray(0, 2).toString("latin1")).toBe("PK");
  expect(run("minutes", "draft", "missing.vtt", "--out", out).stderr).toContain(
    "Cannot read missing.vtt",
  );
  const empty = path.join(path.dirname(file), "empty.vtt");
  await writeFile(empty, "");
  const refused = run("minutes", "draft", empty, "--out", out);
  expect(refused.status).toBe(1);
  expect(refused.stderr).toMatch(/^empty\.vtt is empty\./);
});

/** The parts of a Word file that hold what it says (the package's dates differ from run to run). */
async function wordContent(docx: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(docx);
  return Promise.all(
    ["word/document.xml", "word/footnotes.xml"].map((part) => zip.file(part)!.async("string")),
  );
}

it("writes the same Word document as the app's export for the same minutes", SLOW, async () => {
  const file = await transcriptFile();
  const details = ["--date", "2026-03-04", "--title", "Depot review", "--chair", "Priya Shah"];
  const json = file.replace(/\.txt$/, "-same.json");
  const word = file.replace(/\.txt$/, "-same.docx");
  for (const template of ["formal", "committee"]) {
    for (const out of [json, word]) {
      const made = run("minutes", "draft", file, "--template", template, ...details, "--out", out);
      expect(made.status, made.stderr).toBe(0);
    }
    const minutes = JSON.parse(await readFile(json, "utf8"));
    const { turns } = await readTranscript(await readFile(file), "depot.txt");
    // What the app's export route calls with the meeting's details and transcript.
    const app = await minutesDocx(
      minutes,
      template,
      { title: "Depot review", date: "2026-03-04", chair: "Priya Shah" },
      turns,
    );
    const [document, footnotes] = await wordContent(await readFile(word));
    expect([document, footnotes]).toEqual(await wordContent(app));
    const text = document!.replace(/<[^>]+>/g, "");
    expect(text).toContain("Date: 2026-03-04. Chair: Priya Shah.");
    expect(document).toContain("<w:tbl>");
    expect(footnotes!.replace(/<[^>]+>/g, " ")).toMatch(/Transcript: turn \d+, Tom Reed\./);
  }
});

it(
  "evaluates a folder of meetings: ROUGE, Pk and citations beside the baseline",
  SLOW,
  async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "minutes-eval-"));
    await writeFile(
      path.join(dir, "depot.json"),
      JSON.stringify({
        meeting_transcripts: MEETING.map(([speaker, content]) => ({ speaker, content })),
        general_query_list: [
          {
            query: "Summarize the whole meeting.",
            answer:
              "The committee discussed the bus depot chargers and school transport for pupils.",
          },
        ],
        topic_list: [
          { topic: "Depot", relevant_text_span: [["0", "3"]] },
          { topic: "School transport", relevant_text_span: [["4", "5"]] },
        ],
      }),
    );
    const result = run("eval", "minutes", "--data", dir);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /depot\.json\s+6\s+[\d.]+ \/ [\d.]+ \/ [\d.]+\s+[\d.]+ \/ [\d.]+ \/ [\d.]+\s+[\d.]+\s+0\.\d{3}\s+(\d+)\/\1/,
    );
    expect(result.stdout).toMatch(/citations to turns that exist: (\d+) of \1 \(100\.0%\)/);
    expect(result.stdout).toMatch(/baseline: .*Pk 0\.\d{3} \(one segment\)/);
    expect(run("eval", "minutes").stderr).toContain("Usage: pnpm eval minutes --data");
    expect(run("eval", "minutes", "--data", path.join(dir, "nowhere")).stderr).toContain(
      "is not a folder",
    );
  },
);
