import { meaningfulWords } from "@bernard/nlp";
import type { LetterDetails } from "../intake/extract.js";
import { isUsable, type Line } from "../lines/lines.js";
import {
  indexLines,
  rankLines,
  thresholdFor,
  type LineIndex,
  type Match,
  type RetrievalOptions,
} from "./retrieve.js";
import { checkStyle } from "./style.js";
import type { Draft, Flag, Paragraph, PointRetrieval } from "./types.js";

export interface Signature {
  name: string;
  role: string;
}

export interface DraftOptions extends RetrievalOptions {
  /** The day of drafting, YYYY-MM-DD: lines expired by then are never used. */
  date: string;
  signature?: Signature;
  /** Candidate lines shown per point. */
  candidatesShown?: number;
}

export const DEFAULT_SIGNATURE: Signature = {
  name: "[Name]",
  role: "Ministerial Correspondence Unit",
};

/** The lines that may be used on a date, indexed; build once for many letters. */
export function usableIndex(lines: readonly Line[], options: DraftOptions): LineIndex {
  return indexLines(
    lines.filter((line) => isUsable(line, options.date)),
    options,
  );
}

/**
 * The offline draft: the house template around the approved lines that answer the letter's
 * points, in the letter's order, each paragraph citing its lines; a "[No approved line: …]"
 * placeholder and a flag for each point that no line answers beyond chance. No policy words are
 * written by the engine: every policy sentence is an approved line, word for word.
 */
export function draftReply(details: LetterDetails, index: LineIndex, options: DraftOptions): Draft {
  const points =
    details.points.length > 0 ? details.points : [details.subject ?? ""].filter(Boolean);
  const letterRanking = rankLines(index, points.join("\n\n"), options);
  const top = letterRanking[0]?.score ?? 0;
  const retrieval: PointRetrieval[] = [];
  const answeredBy: Match[][] = [];
  for (const point of points) {
    const ranking = rankLines(index, point, options);
    const threshold = thresholdFor(index, point);
    const answering = ranking.filter((match) => match.wordScore > threshold);
    answeredBy.push(answering);
    retrieval.push({
      point,
      answered: answering.length > 0,
      threshold,
      candidates: ranking.slice(0, options.candidatesShown ?? 5).map((match) => ({
        lineId: match.line.id,
        score: round(match.score),
        answers: match.wordScore > threshold,
        why: match.why,
      })),
    });
  }

  // Lines cited: those ranked for the whole letter at least half as high as the best, from a
  // release in which some line answers a point beyond chance (so nothing is cited for a letter
  // that no line answers).
  const answeringReleases = new Set(answeredBy.flat().map((match) => releaseKey(match.line)));
  const chosen = letterRanking.filter(
    (match) => match.score >= top / 2 && answeringReleases.has(releaseKey(match.line)),
  );

  // Each chosen line goes with the point it answers best (or, failing that, its release's point).
  const byPoint = points.map((): Line[] => []);
  const pointOfRelease = new Map<string, number>();
  for (const match of chosen) {
    const position = bestPoint(match.line, answeredBy);
    if (position !== undefined && !pointOfRelease.has(releaseKey(match.line)))
      pointOfRelease.set(releaseKey(match.line), position);
  }
  for (const match of chosen) {
    const position =
      bestPoint(match.line, answeredBy) ?? pointOfRelease.get(releaseKey(match.line));
    if (position !== undefined) byPoint[position]!.push(match.line);
  }

  const paragraphs: Paragraph[] = [
    { text: salutation(details), lines: [] },
    { text: opening(details), lines: [] },
  ];
  const flags: Flag[] = [];
  let answeredSoFar = 0;
  points.forEach((point, position) => {
    const lines = byPoint[position]!;
    if (lines.length === 0) {
      if (
        answeredBy[position]!.length > 0 &&
        answeringReleasesChosen(answeredBy[position]!, chosen)
      )
        return;
      const summary = summarise(point);
      paragraphs.push({ text: `[No approved line: ${summary}]`, lines: [] });
      flags.push({
        kind: "no-approved-line",
        text: `No approved line answers: “${summary}”. Find or ask for a line, or answer this point yourself.`,
        point: position,
      });
      return;
    }
    if (answeredSoFar > 0) paragraphs.push({ text: connecting(point, lines), lines: [] });
    for (const line of lines) paragraphs.push({ text: line.text, lines: [line.id] });
    answeredSoFar += 1;
  });
  const signature = options.signature ?? DEFAULT_SIGNATURE;
  paragraphs.push(
    { text: "I hope this reply is helpful.", lines: [] },
    { text: closing(details), lines: [] },
    { text: `${signature.name}\n${signature.role}`, lines: [] },
  );
  flags.push(...checkStyle(paragraphs, details));
  return { engine: "offline", paragraphs, flags, retrieval };
}

/** Drafts one letter against a list of lines (indexing them first). */
export function draftFromLines(
  details: LetterDetails,
  lines: readonly Line[],
  options: DraftOptions,
): Draft {
  return draftReply(details, usableIndex(lines, options), options);
}

function releaseKey(line: Line): string {
  return `${line.topic}\u0000${line.approvedOn}`;
}

function bestPoint(line: Line, answeredBy: Match[][]): number | undefined {
  let best: number | undefined;
  let bestScore = 0;
  answeredBy.forEach((matches, position) => {
    const match = matches.find((candidate) => candidate.line === line);
    if (match && match.wordScore > bestScore) {
      best = position;
      bestScore = match.wordScore;
    }
  });
  return best;
}

/** A point whose answering lines were all placed under an earlier point is answered there. */
function answeringReleasesChosen(answering: Match[], chosen: Match[]): boolean {
  const cited = new Set(chosen.map((match) => match.line));
  return answering.some((match) => cited.has(match.line));
}

/** Salutation by correspondent type: the MP or writer by name, else "Sir or Madam". */
export function salutation(details: LetterDetails): string {
  const name = details.onBehalfOf?.mpName || details.correspondent.name;
  return name ? `Dear ${name},` : "Dear Sir or Madam,";
}

function opening(details: LetterDetails): string {
  const date = details.letterDate ? ` of ${longDate(details.letterDate)}` : "";
  const about = details.subject
    ? ` about ${lowerFirst(details.subject.replace(/[.\s]+$/, ""))}`
    : "";
  const mp = details.onBehalfOf;
  if (mp) {
    const constituent = mp.constituentName
      ? `your constituent, ${mp.constituentName},`
      : "a constituent";
    const reference = mp.mpReference ? ` (your reference ${mp.mpReference})` : "";
    return `Thank you for your letter${date}${reference} on behalf of ${constituent}${about}.`.replace(
      /,\.$/,
      ".",
    );
  }
  return `Thank you for your letter${date}${about}.`;
}

function closing(details: LetterDetails): string {
  return salutation(details) === "Dear Sir or Madam," ? "Yours faithfully," : "Yours sincerely,";
}

/** A sentence leading into the next point's lines, naming what the writer raised. */
function connecting(point: string, lines: Line[]): string {
  const inLines = new Set(
    lines.flatMap((line) => meaningfulWords(line.text).map((entry) => entry.stem)),
  );
  const named: string[] = [];
  for (const { word, stem } of meaningfulWords(point)) {
    if (inLines.has(stem) && !named.includes(word) && word.length > 3 && !/^\d+$/.test(word))
      named.push(word);
    if (named.length === 3) break;
  }
  if (named.length === 0) return "You also raised a further point.";
  const list =
    named.length === 1 ? named[0]! : `${named.slice(0, -1).join(", ")} and ${named.at(-1)}`;
  return `You also wrote about ${list}.`;
}

/** A point shortened for its placeholder: its first sentence, at most 25 words. */
function summarise(point: string): string {
  const first = point.match(/^[^.!?]+[.!?]?/)?.[0] ?? point;
  const words = first.trim().split(/\s+/);
  return words.length > 25 ? `${words.slice(0, 25).join(" ")}…` : first.trim();
}

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "3 March 2026", as GOV.UK writes dates. */
export function longDate(iso: string): string {
  const [year, month, day] = iso.split("-").map(Number);
  return `${day} ${MONTH_NAMES[month! - 1]} ${year}`;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
