import {
  centroid,
  cosine,
  fitTfIdf,
  groupKeyphrases,
  terms,
  type SparseVector,
} from "@bernard/nlp";
import type { Turn } from "../transcripts/types.js";
import { properNounsIn, spokenSentences } from "./spoken.js";
import { alignToAgenda } from "./agenda.js";
import { findActions, findApologies, findDecisions, findDeclarations } from "./cues.js";
import { reportedSpeech, voiceOf } from "./reported-speech.js";
import { chairsOf, segmentTopics } from "./segment.js";
import { findAttendees } from "./speakers.js";
import type { AgendaItem, Decision, Minutes, Point } from "./types.js";

export interface DraftOptions {
  /** The meeting's date, YYYY-MM-DD: due dates like "by Friday" are worked out from it. */
  date?: string;
  /** Agenda item titles, in order; without them the items come from topic segmentation. */
  agenda?: string[];
}

/** The overview paragraph's length, in words (reference summaries of committee meetings run 70–240). */
const SUMMARY_WORDS = 180;
/** One point per this many words of an item, within POINTS_PER_ITEM. */
/** How much a point's closeness to the whole meeting counts, beside its item's, for the summary. */
const MEETING_WEIGHT = 1;
const WORDS_PER_POINT = 400;
const POINTS_PER_ITEM = { min: 2, max: 6 };

/** Procedure and courtesy, not points: thanks, greetings, handing over, sound checks. */
const PROCEDURAL =
  /^(?:thank|thanks|good (?:morning|afternoon|evening)|welcome|okay|ok|yes|no|right|sorry|can you hear|you're on mute|i'll bring|i will bring|i'm going to bring|over to|we'll (?:now )?(?:go|move|turn)|can i (?:just )?(?:bring|ask|come))/i;

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
 * come from their cues; the summary names the items and adds the meeting's most central points.
 */
export function draftMinutes(turns: readonly Turn[], options: DraftOptions = {}): Minutes {
  // One label per person, so every part of the minutes names them the same way.
  const { names: speakers, turns: named } = findAttendees(turns);
  const apologies = findApologies(named);
  const attendees = speakers.filter((name) => !apologies.names.includes(name));

  const properNouns = properNounsIn(named.map((turn) => turn.text));
  const spans = options.agenda?.length
    ? alignToAgenda(named, options.agenda)
    : segmentTopics(named);
  const candidates = named.flatMap((turn) =>
    spokenSentences(turn.text)
      .map((sentence) => sentence.trim())
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

  const titles = options.agenda?.length
    ? options.agenda
    : groupKeyphrases(
        spans.map((span) => named.slice(span.from, span.to + 1).map((turn) => turn.text)),
        3,
      ).map(titleFrom);
  const meetingCentre = centroid(vectors.map((candidate) => candidate.vector));
  const chairs = chairsOf(named);
  const ranked: { point: Point; score: number; position: number }[][] = [];
  const items: AgendaItem[] = spans.map((span, index) => {
    const inside = vectors.filter(
      (candidate) => candidate.turn.index >= span.from && candidate.turn.index <= span.to,
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
      .map(({ candidate, score }) => {
        const point = {
          text: reported(candidate, named, properNouns),
          turns: [candidate.turn.index],
        };
        // The summary wants what the whole meeting was about, not only this item.
        const overall = score + MEETING_WEIGHT * cosine(candidate.vector, meetingCentre);
        return { point, score: overall, position: candidate.position };
      });
    ranked.push(points);
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
      points: points.map((entry) => entry.point),
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
    // The meeting's first real sentence (usually the chair's) says what it was for.
    summary: summaryOf(items, ranked, vectors[0] && reported(vectors[0], named, properNouns)),
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

/** A sentence worth minuting: long enough to say something, not procedure or courtesy. */
function isPoint(sentence: string): boolean {
  const words = sentence.split(/\s+/).length;
  return words >= 8 && words <= 60 && !PROCEDURAL.test(sentence);
}

/**
 * A sentence in reported speech. "You" in a turn that asks something means whoever answers
 * (the next speaker); elsewhere whoever spoke before, usually the one who asked.
 */
function reported(
  candidate: Candidate,
  turns: readonly Turn[],
  properNouns: ReadonlySet<string>,
): string {
  const { turn, sentence } = candidate;
  const other = (list: readonly Turn[]) => {
    const next = list.find((each) => each.speaker !== turn.speaker);
    return next && voiceOf(next.speaker).name;
  };
  const addressee = turn.text.includes("?")
    ? other(turns.slice(turn.index + 1))
    : other(turns.slice(0, turn.index).reverse());
  return reportedSpeech(sentence, { ...voiceOf(turn.speaker), addressee, properNouns });
}

/** "school reopening", "exams" → "School reopening; exams". */
function titleFrom(keyphrases: string[]): string {
  const title = keyphrases.slice(0, 2).join("; ") || "Discussion";
  return title.charAt(0).toUpperCase() + title.slice(1);
}

/**
 * "The meeting covered A, B and C.", the opening sentence, then the items' best points, best first, one per item in
 * turn, until the summary is about SUMMARY_WORDS long; they are then put back in meeting order.
 */
function summaryOf(
  items: AgendaItem[],
  ranked: { point: Point; score: number; position: number }[][],
  start?: string,
): string {
  const topics = items.map((item) => item.title.toLowerCase());
  const opening =
    topics.length > 1
      ? `The meeting covered ${topics.slice(0, -1).join(", ")} and ${topics.at(-1)}.`
      : `The meeting covered ${topics[0] ?? "one subject"}.`;
  const queues = ranked.map((points) =>
    [...points].sort((a, b) => b.score - a.score || a.position - b.position),
  );
  const picked: { text: string; position: number }[] = [];
  let length = opening.split(/\s+/).length + (start ? start.split(/\s+/).length : 0);
  for (
    let round = 0;
    length < SUMMARY_WORDS && queues.some((queue) => queue.length > round);
    round++
  ) {
    for (const queue of queues) {
      const entry = queue[round];
      if (!entry || length >= SUMMARY_WORDS) continue;
      if (entry.point.text === start) continue;
      picked.push({ text: entry.point.text, position: entry.position });
      length += entry.point.text.split(/\s+/).length;
    }
  }
  return [
    opening,
    ...(start ? [start] : []),
    ...picked.sort((a, b) => a.position - b.position).map((entry) => entry.text),
  ].join(" ");
}
