import type { Turn } from "../transcripts/types.js";

const PEOPLE = ["Priya Shah", "Tom Reed", "Ann Cole", "Gareth Evans", "Mair Jones", "Sam Lee"];
const TOPICS = [
  ["bus depot", "chargers", "electric buses", "drivers", "garage"],
  ["school transport", "pupils", "routes", "headteachers", "timetable"],
  ["housing repairs", "tenants", "damp", "contractors", "inspections"],
  ["library hours", "volunteers", "opening times", "branches", "readers"],
  ["road safety", "speed limits", "crossings", "residents", "signs"],
  ["waste collection", "recycling", "bins", "crews", "complaints"],
  ["budget", "savings", "reserves", "grants", "forecast"],
  ["care homes", "staffing", "visits", "families", "inspectors"],
];
const SENTENCES = [
  "I think the {a} need more attention before the {b} can improve this year.",
  "We have heard from the {a} that the {b} are not working as well as they should.",
  "The figures for the {a} show a rise of ten per cent, and the {b} are under pressure.",
  "Can you tell us what is being done about the {a} and whether the {b} will change?",
  "Officials are working with the {a} and expect a report on the {b} in the spring.",
  "I'm concerned that the {a} have waited too long for a decision on the {b}.",
  "We agreed that the {a} would be reviewed before any change to the {b}.",
  "{name}, can you send the committee a note on the {a} by Friday?",
  "Our view is that the {b} should be looked at together with the {a}.",
];

/**
 * A meeting of about `words` words, the same every time: six people taking turns over eight
 * topics in order, with questions, decisions and actions among the points. For benchmarks and
 * tests of long meetings; no real meeting is used.
 */
export function syntheticMeeting(words: number): Turn[] {
  let state = 7;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const turns: Turn[] = [];
  let count = 0;
  while (count < words) {
    const topic = TOPICS[Math.min(TOPICS.length - 1, Math.floor((count / words) * TOPICS.length))]!;
    const speaker = turns.length === 0 ? PEOPLE[0]! : pick(PEOPLE);
    const sentences = Array.from({ length: 2 + Math.floor(random() * 5) }, () =>
      pick(SENTENCES)
        .replace("{a}", pick(topic))
        .replace("{b}", pick(topic))
        .replace("{name}", pick(PEOPLE).split(" ")[0]!),
    );
    const text = sentences.join(" ");
    turns.push({ index: turns.length, speaker, text });
    count += text.split(/\s+/).length;
  }
  return turns;
}
