import { meaningfulWords, MONTH_NAMES } from "@bernard/nlp";
import type { LetterDetails } from "../intake/extract.js";
import { isUsable, type Line } from "../lines/lines.js";
import {
  indexLines,
  rankLines,
  rankReleases,
  thresholdFor,
  type LineIndex,
  type Match,
  type ReleaseMatch,
  type RetrievalOptions,
} from "./retrieve.js";
import { pointStandingNeeded, releaseStandingNeeded } from "./significance.js";
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
 * points, in the letter's order, each paragraph citing its line; a "[No approved line: …]"
 * placeholder and a flag for each point that no line answers. No policy words are written by
 * the engine: every policy sentence is an approved line, word for word.
 *
 * Only the release (lines approved together) that stands out for the letter is used, and only
 * when it stands out clearly (see answerDecision); a point is answered when that release also
 * stands out for the point itself.
 */
export function draftReply(details: LetterDetails, index: LineIndex, options: DraftOptions): Draft {
  const points =
    details.points.length > 0 ? details.points : [details.subject ?? ""].filter(Boolean);
  const rankings = points.map((point) => rankLines(index, point, options));
  const thresholds = points.map((point) => thresholdFor(index, point));
  const decision = answerDecision(
    index,
    rankReleases(index, points, options),
    rankings,
    thresholds,
  );
  const cited = new Set(decision?.members.map((position) => index.lines[position]!) ?? []);

  // Each line of the release goes under the answered point it matches best (lines that match
  // only unanswered points go under the first answered point; a line sharing no word with the
  // letter is left out): the release's order is kept.
  const byPoint = points.map((): Line[] => []);
  if (decision) {
    const answered = points.flatMap((_, position) =>
      decision.answers[position] ? [position] : [],
    );
    for (const position of decision.members) {
      const line = index.lines[position]!;
      let home = answered[0]!;
      let homeScore = 0;
      for (const point of answered) {
        const own = rankings[point]!.find((match) => match.line === line)?.own ?? 0;
        if (own > homeScore) [home, homeScore] = [point, own];
      }
      const matchesLetter = rankings.some((ranking) =>
        ranking.some((match) => match.line === line && match.own > 0),
      );
      if (matchesLetter) byPoint[home]!.push(line);
    }
  }

  const retrieval: PointRetrieval[] = points.map((point, position) => ({
    point,
    answered: decision?.answers[position] ?? false,
    threshold: thresholds[position]!,
    standing: decision?.pointStandings[position],
    candidates: rankings[position]!.slice(0, options.candidatesShown ?? 5).map((match) => ({
      lineId: match.line.id,
      score: round(match.score),
      answers: cited.has(match.line) && (decision?.answers[position] ?? false),
      why: match.why,
    })),
  }));

  const body: Paragraph[] = [];
  const flags: Flag[] = [];
  let answeredSoFar = 0;
  points.forEach((point, position) => {
    const lines = byPoint[position]!;
    if (decision?.answers[position]) {
      if (lines.length === 0) return; // answered by lines placed under an earlier point
      if (answeredSoFar > 0) body.push({ text: connecting(point, lines), lines: [] });
      for (const line of lines) body.push({ text: line.text, lines: [line.id], point: position });
      answeredSoFar += 1;
      return;
    }
    const missing = noApprovedLine(point, position);
    body.push(missing.paragraph);
    flags.push(missing.flag);
  });
  return { engine: "offline", ...inHouseTemplate(details, body, flags, options), retrieval };
}

/** The placeholder and the flag for a point that no approved line answers. */
export function noApprovedLine(
  point: string,
  position: number,
): { paragraph: Paragraph; flag: Flag } {
  const summary = summarise(point);
  return {
    paragraph: { text: `[No approved line: ${summary}]`, lines: [], point: position },
    flag: {
      kind: "no-approved-line",
      text: `No approved line answers: “${summary}”. Find or ask for a line, or answer this point yourself.`,
      point: position,
    },
  };
}

/**
 * The house template around a reply's body: salutation by correspondent type, the opening
 * ("Thank you for your letter of …"), the body, the closing and the signature block; then the
 * house style checks on the whole.
 */
export function inHouseTemplate(
  details: LetterDetails,
  body: readonly Paragraph[],
  flags: readonly Flag[],
  options: Pick<DraftOptions, "signature">,
): { paragraphs: Paragraph[]; flags: Flag[] } {
  const signature = options.signature ?? DEFAULT_SIGNATURE;
  const paragraphs: Paragraph[] = [
    { text: salutation(details), lines: [] },
    { text: opening(details), lines: [] },
    ...body,
    { text: "I hope this reply is helpful.", lines: [] },
    { text: closing(details), lines: [] },
    { text: `${signature.name}\n${signature.role}`, lines: [] },
  ];
  return { paragraphs, flags: [...flags, ...checkStyle(paragraphs, details)] };
}

/** The release that answers a letter, and which of the letter's points it answers. */
interface AnswerDecision {
  members: readonly number[];
  answers: boolean[];
  pointStandings: number[];
}

/**
 * Whether the best release answers the letter: it must stand out from the knowledge base's
 * other releases (releaseStandingNeeded). Then a point is answered when the release also stands
 * out for that point (pointStandingNeeded) and one of its lines matches the point beyond chance
 * (answerThreshold: standing alone is relative, and one shared word can make a release stand
 * out in a small knowledge base). Undefined when no point is answered.
 */
function answerDecision(
  index: LineIndex,
  releases: readonly ReleaseMatch[],
  rankings: readonly Match[][],
  thresholds: readonly number[],
): AnswerDecision | undefined {
  const best = releases[0];
  if (!best || best.standing < releaseStandingNeeded(releases.length)) return undefined;
  const members = new Set(best.members.map((position) => index.lines[position]!));
  const needed = pointStandingNeeded(releases.length);
  const answers = best.pointStandardScores.map(
    (standing, point) =>
      standing >= needed &&
      rankings[point]!.some(
        (match) => members.has(match.line) && match.wordScore > thresholds[point]!,
      ),
  );
  if (!answers.some(Boolean)) return undefined;
  return { members: best.members, answers, pointStandings: best.pointStandardScores.map(round) };
}

/** Drafts one letter against a list of lines (indexing them first). */
export function draftFromLines(
  details: LetterDetails,
  lines: readonly Line[],
  options: DraftOptions,
): Draft {
  return draftReply(details, usableIndex(lines, options), options);
}

/**
 * One reply addressed to another correspondent (a campaign's reply for each of its letters): the
 * house template's salutation, opening and closing written for them; every other paragraph,
 * the approved lines included, word for word as approved.
 */
export function readdressed<P extends Paragraph>(paragraphs: readonly P[], to: LetterDetails): P[] {
  const forThem: [RegExp, string][] = [
    [/^Dear [^\n]+,$/, salutation(to)],
    [/^Thank you for your letter\b/, opening(to)],
    [/^Yours (sincerely|faithfully),$/, closing(to)],
  ];
  return paragraphs.map((paragraph) => {
    if (paragraph.lines.length > 0) return paragraph;
    const text = forThem.find(([pattern]) => pattern.test(paragraph.text))?.[1];
    return text ? { ...paragraph, text } : paragraph;
  });
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

/** "3 March 2026", as GOV.UK writes dates. */
export function longDate(iso: string): string {
  const [year, month, day] = iso.split("-").map(Number);
  const name = MONTH_NAMES[month! - 1]!;
  return `${day} ${name[0]!.toUpperCase()}${name.slice(1)} ${year}`;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
