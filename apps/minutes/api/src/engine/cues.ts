import type { Turn } from "../transcripts/types.js";
import { spokenSentences } from "./spoken.js";
import { findDue } from "./dates.js";
import { reportedSpeech, voiceOf } from "./reported-speech.js";
import { NAME, namesFor } from "./speakers.js";
import type { Action, Decision, Point } from "./types.js";

/** Verbs of work someone takes away; "I'll give you an example" or "I'll move on" are not actions. */
const TASKS = String.raw`(?:write|send|circulate|share|provide|prepare|draft|check|confirm|update|follow up|look into|look at|arrange|set up|publish|report back|(?:come|get) back to (?:the committee|you|us|them)|make sure|ensure|review|organise|organize|book|contact|email|e-mail|call|ring|speak to|meet|chase|find out|investigate|produce|submit|forward|supply|let (?:the committee|us|you|them) know)`;
const SELF = new RegExp(
  String.raw`\b(?:I will|I'll|I shall|I am going to|I'm going to|I can)\s+(?:(?:also|certainly|happily|gladly|definitely|then)\s+)*(${TASKS})\b(.*)`,
  "i",
);
const REQUEST = new RegExp(
  String.raw`\b(?:can|could|would|will) you\s+(?:please\s+)?(${TASKS})\b(.*)`,
  "i",
);
const EXPLICIT = /^\s*(?:action(?: point)?|to do)\s*[:-]\s*(.+)/i;
const DECISION =
  /\b(?:we(?: have|'ve| all)? (?:agreed|decided)|(?:it was|it's|it is|that's|that is) (?:agreed|decided)|(?:the (?:committee|board|group|panel|meeting)) (?:agreed|decided|resolved)|we are agreed|(?:decision|resolved|agreed)\s*:)\b/i;

/** Decisions by their cues: "we agreed", "it was decided", "the committee resolved", "decision:". */
export function findDecisions(turns: readonly Turn[]): Decision[] {
  const found: Decision[] = [];
  for (const turn of turns) {
    for (const sentence of spokenSentences(turn.text)) {
      if (/\?\s*$/.test(sentence) || !DECISION.test(sentence)) continue;
      found.push({ text: decisionText(sentence, turn.speaker), turns: [turn.index] });
    }
  }
  return found;
}

/** "We agreed that X" → "It was agreed that X"; anything else as the speaker's reported words. */
function decisionText(sentence: string, speaker: string): string {
  const what = /\b(?:agreed|decided|resolved)\s*:?\s*(that|to)?\s*(.+?)[.!]*$/i.exec(sentence);
  if (what && what[2]) {
    const reported = reportedSpeech(what[2], voiceOf(speaker))
      .replace(/^.*? said that /, "")
      .replace(/\.$/, "");
    return `It was agreed ${what[1]?.toLowerCase() === "to" ? "to" : "that"} ${reported}.`;
  }
  return reportedSpeech(sentence, voiceOf(speaker));
}

/**
 * Actions by their cues: "action: …", "I'll send…", "Priya will check…", "can you circulate … by
 * Friday?", with the owner (the speaker, the named person, or whoever was asked: named in the
 * sentence or the next to speak) and the due date resolved against the meeting's date.
 */
export function findActions(
  turns: readonly Turn[],
  attendees: readonly string[],
  meetingDate?: string,
): Action[] {
  const named = new RegExp(
    String.raw`\b(${attendees.flatMap(namesFor).map(escape).join("|") || "(?!)"})\s+(?:will|is going to|to|has agreed to|agreed to)\s+(${TASKS})\b(.*)`,
    "i",
  );
  const actions: Action[] = [];
  for (const [position, turn] of turns.entries()) {
    for (const sentence of spokenSentences(turn.text)) {
      const explicit = EXPLICIT.exec(sentence);
      const byName = named.exec(sentence);
      const self = SELF.exec(sentence);
      const request = REQUEST.exec(sentence);
      let owner: string | null = null;
      let task: string | undefined;
      if (explicit) {
        const who = named.exec(explicit[1]!);
        owner = who ? attendeeCalled(who[1]!, attendees) : null;
        task = who ? `${who[2]}${who[3]}` : explicit[1];
      } else if (byName) {
        owner = attendeeCalled(byName[1]!, attendees);
        task = `${byName[2]}${byName[3]}`;
      } else if (self) {
        owner = turn.speaker;
        task = `${self[1]}${self[2]}`;
      } else if (request) {
        const vocative = attendees.find((name) =>
          namesFor(name).some((form) => new RegExp(String.raw`\b${escape(form)}\b`).test(sentence)),
        );
        const next = turns.slice(position + 1).find((later) => later.speaker !== turn.speaker);
        owner = vocative ?? next?.speaker ?? null;
        task = `${request[1]}${request[2]}`;
      }
      if (!task) continue;
      const due = findDue(sentence, meetingDate);
      const cited = [turn.index];
      actions.push({
        text: sentenceCase(task.replace(/[.?!]+\s*$/, "").trim()),
        owner,
        due: due?.due ?? null,
        dueText: due?.dueText ?? null,
        turns: cited,
      });
    }
  }
  return actions;
}

function attendeeCalled(name: string, attendees: readonly string[]): string {
  return (
    attendees.find((attendee) =>
      namesFor(attendee).some((form) => form.toLowerCase() === name.toLowerCase()),
    ) ?? name
  );
}

/** People who sent apologies: "apologies from A and B", "apologies for absence from A", "A has sent apologies". */
export function findApologies(turns: readonly Turn[]): { names: string[]; turns: number[] } {
  const names: string[] = [];
  const cited: number[] = [];
  const listed = /\bapologies(?: for absence)?(?: have been| were)?(?: received)? from ([^.;:]+)/gi;
  const sent = new RegExp(
    String.raw`(${NAME}) (?:has|have) sent (?:(?:his|her|their) )?apologies`,
    "gu",
  );
  for (const turn of turns) {
    const found = [
      ...[...turn.text.matchAll(listed)].flatMap((match) => nameList(match[1]!)),
      ...[...turn.text.matchAll(sent)].map((match) => match[1]!),
    ];
    for (const name of found) if (!names.includes(name)) names.push(name);
    if (found.length > 0) cited.push(turn.index);
  }
  return { names, turns: cited };
}

/**
 * "Michelle Brown and Jack Sargeant, and Rhun ap Iorwerth is substituting", "A, and also from B"
 * → the leading names.
 */
function nameList(text: string): string[] {
  const names: string[] = [];
  for (const part of text.split(/(?:,\s*|\s+)and\s+(?:also\s+)?(?:from\s+)?|,\s*/)) {
    const name = new RegExp(
      String.raw`^\s*(?:(?:Mr|Mrs|Ms|Miss|Dr|Professor|Councillor|Cllr)\.?\s+)?${NAME}`,
      "u",
    ).exec(part);
    if (!name) break;
    const words = name[0].trim().split(/\s+/);
    // "… from Michelle Brown who is ill": a name is its capitalised words; stop at the first that is not.
    names.push(words.join(" "));
    if (name[0].trim().length < part.trim().length) break;
  }
  return names;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Interests declared ("I declare an interest as a governor"), not the chair asking for them. */
export function findDeclarations(turns: readonly Turn[]): Point[] {
  return turns.flatMap((turn) =>
    spokenSentences(turn.text)
      .filter(
        (sentence) =>
          /\b(?:declare|declaring|declaration of)\b.*\binterests?\b/i.test(sentence) &&
          !/\?\s*$/.test(sentence) &&
          !/\b(?:any|no) (?:declarations|interests)\b/i.test(sentence),
      )
      .map((sentence) => ({
        text: reportedSpeech(sentence, voiceOf(turn.speaker)),
        turns: [turn.index],
      })),
  );
}
