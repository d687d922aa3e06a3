import {
  centroid,
  cosine,
  fitTfIdf,
  groupKeyphrases,
  terms,
  termsWithPhrases,
  type SparseVector,
} from "@bernard/nlp";
import type { Turn } from "../transcripts/types.js";
import { properNounsIn, spokenSentences, withoutAddress } from "./spoken.js";
import { alignToAgenda } from "./agenda.js";
import { findActions, findApologies, findDecisions, findDeclarations } from "./cues.js";
import { reportedSpeech, voiceOf, type ReportStyle } from "./reported-speech.js";
import { announcedTitle, announcesItem, chairsOf, segmentTopics } from "./segment.js";
import { findAttendees } from "./speakers.js";
import type { AgendaItem, Decision, Minutes } from "./types.js";

export interface DraftOptions {
  /** The meeting's date, YYYY-MM-DD: due dates like "by Friday" are worked out from it. */
  date?: string;
  /** Agenda item titles, in order; without them the items come from topic segmentation. */
  agenda?: string[];
}

/**
 * The overview paragraph's length, in words (reference summaries of committee meetings run
 * 70–240), and at most this share of a short meeting's words, so it stays shorter than the meeting.
 */
const SUMMARY_WORDS = 160;
const SUMMARY_SHARE = 0.25;
/** One point per this many words of an item, within POINTS_PER_ITEM. */
const WORDS_PER_POINT = 400;
const POINTS_PER_ITEM = { min: 2, max: 6 };

/** Procedure and courtesy, not points: thanks, greetings, reminders, handing over, sound checks. */
const PROCEDURAL =
  /^(?:(?:i|we)(?: would|'d| just| want to| like to)* )?(?:thank|thanks|good (?:morning|afternoon|evening)|welcome|okay|ok|yes|no|right|sorry|remind|a reminder|call (?:this|the) meeting to order|can you hear|you're on mute|i'll bring|i will bring|i'm going to bring|over to|we'll (?:now )?(?:go|move|turn)|can i (?:just )?(?:bring|ask|come))/i;

interface Candidate {
  turn: Turn;
  sentence: string;
  vector: SparseVector;
  position: number;
}

/**
 * The offline engine: minutes from turns with no model, the same every time. Items come from the
 * agenda or topic segmentation; each item's points are its most central sentences (TF-IDF
 * cosine to the item's centre) in reported speech; decisions, actions, attendees and apologies
 * come from their cues; the summary names the items and adds the sentences that best cover the meeting.
 */
export function draftMinutes(turns: readonly Turn[], options: DraftOptions = {}): Minutes {
  // One label per person, so every part of the minutes names them the same way.
  const { names: speakers, turns: named } = findAttendees(turns);
  const apologies = findApologies(named);
  const attendees = speakers.filter((name) => !apologies.names.includes(name));

  const properNouns = properNounsIn(named.map((turn) => turn.text));
  const nameWords = new Set(speakers.flatMap((name) => name.split(/[\s.]+/)));
  const spoken = (text: string) =>
    spokenSentences(text).map((sentence) => withoutAddress(sentence, nameWords));
  const spans = options.agenda?.length
    ? alignToAgenda(named, options.agenda)
    : segmentTopics(named);
  const candidates = named.flatMap((turn) =>
    spoken(turn.text)
      .filter((sentence) => isPoint(sentence))
      .map((sentence) => ({ turn, sentence })),
  );
  const model = fitTfIdf(
    candidates.map((candidate) => candidate.sentence),
    { tokenize: terms },
  );
  const vectors: Candidate[] = candidates.map((candidate, position) => ({
    ...candidate,
    vector: model.vectorize(candidate.sentence),
    position,
  }));

  const chairs = chairsOf(named);
  const announces = (candidate: Candidate) =>
    announcesItem(candidate.turn.speaker, candidate.sentence, chairs);
  // The chair's own name for an item ("the next item is…", in its first turns) before the words
  // most said in it.
  const titles = options.agenda?.length
    ? options.agenda
    : groupKeyphrases(
        spans.map((span) =>
          named.slice(span.from, span.to + 1).map((turn) => spoken(turn.text).join(" ")),
        ),
        3,
      ).map((keyphrases, index) => {
        const opening = named.slice(spans[index]!.from, spans[index]!.to + 1).slice(0, 3);
        const announced = opening.map((turn) => announcedTitle(turn, chairs)).find(Boolean);
        return announced ?? titleFrom(keyphrases);
      });
  const items: AgendaItem[] = spans.map((span, index) => {
    // An item's announcement is its title, not a point made in it.
    const inside = vectors.filter(
      (candidate) =>
        candidate.turn.index >= span.from &&
        candidate.turn.index <= span.to &&
        !announces(candidate),
    );
    const centre = centroid(inside.map((candidate) => candidate.vector));
    const words = named
      .slice(span.from, span.to + 1)
      .reduce((sum, turn) => sum + turn.text.split(/\s+/).length, 0);
    const wanted = Math.min(
      POINTS_PER_ITEM.max,
      Math.max(POINTS_PER_ITEM.min, Math.round(words / WORDS_PER_POINT)),
    );
    const scored = inside
      .map((candidate) => ({ candidate, score: cosine(candidate.vector, centre) }))
      .sort((a, b) => b.score - a.score || a.candidate.position - b.candidate.position);
    const perTurn = new Map<number, number>();
    const chosen: typeof scored = [];
    for (const entry of scored) {
      if (chosen.length >= wanted) break;
      const already = perTurn.get(entry.candidate.turn.index) ?? 0;
      if (already >= 2) continue;
      perTurn.set(entry.candidate.turn.index, already + 1);
      chosen.push(entry);
    }
    const points = chosen
      .sort((a, b) => a.candidate.position - b.candidate.position)
      .map(({ candidate }) => ({
        text: reported(candidate, named, properNouns),
        turns: [candidate.turn.index],
      }));
    // The Chair's last words on the item that are not already a point: the summing up.
    const closing = inside.findLast(
      (candidate) =>
        chairs.has(candidate.turn.speaker) &&
        !chosen.some((entry) => entry.candidate === candidate),
    );
    return {
      title: titles[index] ?? `Item ${index + 1}`,
      from: span.from,
      to: span.to,
      points,
      ...(closing
        ? {
            summingUp: {
              text: reported(closing, named, properNouns),
              turns: [closing.turn.index],
            },
          }
        : {}),
    };
  });

  return {
    date: options.date ?? null,
    attendees,
    apologies: apologies.names,
    declarations: findDeclarations(named),
    summary: summaryOf(
      items,
      vectors,
      // The chair's announcement of the first item says what the meeting was for.
      Math.max(
        0,
        vectors.findIndex(
          (candidate) => announces(candidate) && candidate.turn.index <= spans[0]!.to,
        ),
      ),
      (candidate) => reported(candidate, named, properNouns, { concise: true }),
    ),
    items,
    decisions: withProposers(findDecisions(named), named),
    actions: findActions(named, attendees, options.date),
  };
}

/** "I propose…", "I move…" and "I'll second that" in the turns leading to a decision. */
const PROPOSES = /\b(?:I (?:would like to )?(?:propose|move)\b|proposed by)/i;
const SECONDS = /\bI(?:'ll| will| would)? second\b|\bseconded\b/i;
/** How many turns before a decision its proposal and seconding are looked for. */
const MOTION_TURNS = 4;

/** Each decision with who proposed and seconded it, when the turns leading to it say. */
function withProposers(decisions: Decision[], turns: readonly Turn[]): Decision[] {
  return decisions.map((decision) => {
    const at = decision.turns[0]!;
    const before = turns.slice(Math.max(0, at - MOTION_TURNS), at + 1);
    const proposer = before.findLast((turn) => PROPOSES.test(turn.text))?.speaker;
    const seconder = before.findLast(
      (turn) => SECONDS.test(turn.text) && turn.speaker !== proposer,
    )?.speaker;
    return proposer || seconder
      ? { ...decision, proposer: proposer ?? null, seconder: seconder ?? null }
      : decision;
  });
}

/**
 * A sentence worth minuting: long enough to say something, not procedure or courtesy, and not
 * the apologies or an "Action: …" (the minutes list those on their own).
 */
function isPoint(sentence: string): boolean {
  const words = sentence.split(/\s+/).length;
  return (
    words >= 8 &&
    words <= 60 &&
    !PROCEDURAL.test(sentence) &&
    !/\bapologies\b|^action\b/i.test(sentence)
  );
}

/**
 * A sentence in reported speech. "You" in a turn that asks something means whoever answers
 * (the next speaker); elsewhere whoever spoke before, usually the one who asked.
 */
function reported(
  candidate: Candidate,
  turns: readonly Turn[],
  properNouns: ReadonlySet<string>,
  style: ReportStyle = {},
): string {
  const { turn, sentence } = candidate;
  const other = (list: readonly Turn[]) => {
    const next = list.find((each) => each.speaker !== turn.speaker);
    return next && voiceOf(next.speaker).name;
  };
  const addressee = turn.text.includes("?")
    ? other(turns.slice(turn.index + 1))
    : other(turns.slice(0, turn.index).reverse());
  return reportedSpeech(sentence, { ...voiceOf(turn.speaker), addressee, properNouns }, style);
}

/** "school reopening", "exams" → "School reopening; exams"; a phrase inside an earlier one is left out. */
function titleFrom(keyphrases: string[]): string {
  const singular = (text: string) => text.split(" ").map((word) => word.replace(/s$/, ""));
  const kept: string[] = [];
  for (const phrase of keyphrases) {
    const repeats = kept.some((earlier) =>
      singular(phrase).every((word) => singular(earlier).includes(word)),
    );
    if (!repeats && kept.length < 2) kept.push(phrase);
  }
  const title = kept.join("; ") || "Discussion";
  return title.charAt(0).toUpperCase() + title.slice(1);
}

/**
 * "The meeting covered A, B and C.", what the meeting was for (the candidate at `first`: the
 * chair's announcement of the first item, else the first sentence worth minuting), then the
 * sentences that best cover what the meeting talked about, in meeting order, until about
 * SUMMARY_WORDS (or SUMMARY_SHARE of a short meeting). Coverage is
 * SumBasic's (Nenkova and Vanderwende, 2005): each pick is the sentence whose terms are most
 * frequent in the meeting, and the chosen terms then count for less (their share squared), so the
 * next pick says something else. A sentence's score is its terms' shares over the square root of
 * its length: long sentences cover more, but should not win by length alone.
 */
function summaryOf(
  items: AgendaItem[],
  candidates: readonly Candidate[],
  first: number,
  report: (candidate: Candidate) => string,
): string {
  const topics = items.map((item) => item.title.toLowerCase());
  const opening =
    topics.length > 1
      ? `The meeting covered ${topics.slice(0, -1).join(", ")} and ${topics.at(-1)}.`
      : `The meeting covered ${topics[0] ?? "one subject"}.`;
  const termsOf = candidates.map((candidate) => termsWithPhrases(candidate.sentence));
  const share = new Map<string, number>();
  const total = termsOf.reduce((sum, list) => sum + list.length, 0);
  for (const term of termsOf.flat()) share.set(term, (share.get(term) ?? 0) + 1 / total);

  // Each picked candidate, by position, as the summary words it.
  const picked = new Map<number, string>();
  const pick = (index: number) => {
    const text = report(candidates[index]!);
    picked.set(index, text);
    return text.split(/\s+/).length;
  };
  let length = opening.split(/\s+/).length + (candidates.length > 0 ? pick(first) : 0);
  const spokenWords = candidates.reduce((sum, each) => sum + each.sentence.split(/\s+/).length, 0);
  const limit = Math.min(SUMMARY_WORDS, SUMMARY_SHARE * spokenWords);
  while (length < limit && picked.size < candidates.length) {
    let best = -1;
    let bestScore = -Infinity;
    termsOf.forEach((list, index) => {
      if (picked.has(index) || list.length === 0) return;
      const score = list.reduce((sum, term) => sum + share.get(term)!, 0) / Math.sqrt(list.length);
      if (score > bestScore) [best, bestScore] = [index, score];
    });
    if (best < 0) break;
    length += pick(best);
    for (const term of new Set(termsOf[best])) share.set(term, share.get(term)! ** 2);
  }
  const inMeetingOrder = [...picked].sort(([a], [b]) => a - b).map(([, text]) => text);
  return [opening, ...inMeetingOrder].join(" ");
}
