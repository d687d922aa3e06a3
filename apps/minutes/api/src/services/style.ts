import type { Minutes, StyleFlag } from "@bernard/minutes-contract";

/** British spellings for the US ones minutes most often pick up. */
const US_SPELLINGS: Record<string, string> = {
  organize: "organise",
  organized: "organised",
  organizing: "organising",
  organization: "organisation",
  organizations: "organisations",
  recognize: "recognise",
  recognized: "recognised",
  realize: "realise",
  realized: "realised",
  prioritize: "prioritise",
  prioritized: "prioritised",
  summarize: "summarise",
  summarized: "summarised",
  finalize: "finalise",
  finalized: "finalised",
  minimize: "minimise",
  emphasize: "emphasise",
  emphasized: "emphasised",
  authorize: "authorise",
  authorized: "authorised",
  analyze: "analyse",
  analyzed: "analysed",
  color: "colour",
  favor: "favour",
  favorable: "favourable",
  behavior: "behaviour",
  labor: "labour",
  honor: "honour",
  center: "centre",
  centers: "centres",
  defense: "defence",
  catalog: "catalogue",
  traveled: "travelled",
  traveling: "travelling",
  modeling: "modelling",
  canceled: "cancelled",
  fulfill: "fulfil",
  enroll: "enrol",
  gray: "grey",
  program: "programme",
  programs: "programmes",
  judgment: "judgement",
  license: "licence",
};

interface Rule {
  rule: StyleFlag["rule"];
  pattern: RegExp;
  message: (found: string) => string;
  /** Actions are instructions, not reported speech: rules about tense leave them alone. */
  skipActions?: boolean;
}

const RULES: Rule[] = [
  {
    rule: "contraction",
    pattern: /\b(?:\w+n['’]t|\w+['’](?:re|ve|ll|d|m)|(?:it|let|that|there|what|he|she)['’]s)\b/gi,
    message: (found) => `“${found}” is a contraction: write it out in full.`,
  },
  {
    rule: "first-person",
    pattern: /\b(?:I|[Ww]e|[Uu]s|[Oo]urs?|[Mm]y|[Mm]e)\b/g,
    message: (found) =>
      `“${found}” is first person: minutes report speech in the third person (“the Chair said that they…”).`,
  },
  {
    rule: "percent",
    pattern: /\bpercent\b|%/gi,
    message: () => "Write “per cent” in minutes.",
  },
  {
    rule: "unshifted-time",
    pattern:
      /\b(?:today|tomorrow|yesterday|tonight|this (?:week|month|year)|next (?:week|month|year)|last (?:week|month|year)|now|will)\b/gi,
    message: (found) =>
      `“${found}” is as it was said: shift it for reported speech (“that day”, “the following week”, “would”).`,
    skipActions: true,
  },
];

/** Every place in the minutes that holds words, with its `ref`. */
export function textsOf(minutes: Minutes): { ref: string; text: string; isAction: boolean }[] {
  return [
    { ref: "summary", text: minutes.summary, isAction: false },
    ...minutes.items.flatMap((item, i) => [
      { ref: `items.${i}.title`, text: item.title, isAction: false },
      ...item.points.map((point, j) => ({
        ref: `items.${i}.points.${j}`,
        text: point.text,
        isAction: false,
      })),
    ]),
    ...minutes.decisions.map((decision, i) => ({
      ref: `decisions.${i}`,
      text: decision.text,
      isAction: false,
    })),
    ...minutes.actions.map((action, i) => ({
      ref: `actions.${i}`,
      text: action.text,
      isAction: true,
    })),
  ];
}

/**
 * The house-style check: contractions, first person, "percent", US spellings and times not
 * shifted for reported speech, each with where it is and what to write instead.
 */
export function styleFlags(minutes: Minutes): StyleFlag[] {
  const flags: StyleFlag[] = [];
  for (const { ref, text, isAction } of textsOf(minutes)) {
    for (const rule of RULES) {
      if (rule.skipActions && isAction) continue;
      for (const match of text.matchAll(rule.pattern)) {
        flags.push({ ref, rule: rule.rule, found: match[0], message: rule.message(match[0]) });
      }
    }
    for (const match of text.matchAll(/\p{L}+/gu)) {
      const british = US_SPELLINGS[match[0].toLowerCase()];
      if (british) {
        flags.push({
          ref,
          rule: "us-spelling",
          found: match[0],
          message: `“${match[0]}” is a US spelling: write “${british}”.`,
        });
      }
    }
  }
  return flags;
}
