import { parseLabel } from "./speakers.js";

/** Who is speaking and to whom, for turning their words into reported speech. */
export interface Voice {
  /** How the minutes name the speaker ("Ms Jones", "Kirsty Williams AM"). */
  name: string;
  /** The pronoun for the speaker: "she", "he" or, when unknown, "they". */
  pronoun: "she" | "he" | "they";
  /** Whom "you" meant, when it was one person. */
  addressee?: string;
  /** Words that keep their capital at the start of the reported clause ("Wales", "Hwb"). */
  properNouns?: ReadonlySet<string>;
}

/** How a sentence is reported: in full in the minutes, concisely in an overview. */
export interface ReportStyle {
  /** "Kirsty Williams said the plan…" rather than "Kirsty Williams AM said that the plan…". */
  concise?: boolean;
}

/** Letters after a name that an overview can leave out: Member of the Senedd, Parliament… */
const POST_NOMINALS = /\s+(?:AM|MS|MP|MSP|MLA|MEP)$/;

const CONTRACTIONS: [RegExp, string][] = [
  [/\bcan't\b/gi, "cannot"],
  [/\bwon't\b/gi, "will not"],
  [/\bshan't\b/gi, "shall not"],
  [/\b(\w+)n't\b/gi, "$1 not"],
  [/\bI'm\b/g, "I am"],
  [/\b(\w+)'re\b/gi, "$1 are"],
  [/\b(\w+)'ve\b/gi, "$1 have"],
  [/\b(\w+)'ll\b/gi, "$1 will"],
  [/\b(I|you|we|they|he|she)'d\b/gi, "$1 would"],
  [/\b(it|that|there|what|he|she)'s\b/gi, "$1 is"],
  [/\blet's\b/gi, "let us"],
];

/** Present and future forms and what they become one step back in time. */
const BACKSHIFT: Record<string, string> = {
  am: "was",
  is: "was",
  are: "were",
  was: "had been",
  were: "had been",
  have: "had",
  has: "had",
  do: "did",
  does: "did",
  will: "would",
  can: "could",
  may: "might",
  shall: "should",
};

/** Forms that move back wherever they are, not only after "I" or "we". */
const EVERYWHERE: Record<string, string> = {
  will: "would",
  can: "could",
  cannot: "could not",
  shall: "should",
  may: "might",
  am: "was",
  is: "was",
  are: "were",
  has: "had",
};

const IRREGULAR_PAST: Record<string, string> = {
  think: "thought",
  know: "knew",
  feel: "felt",
  say: "said",
  see: "saw",
  go: "went",
  get: "got",
  make: "made",
  take: "took",
  give: "gave",
  find: "found",
  tell: "told",
  keep: "kept",
  mean: "meant",
  understand: "understood",
  hear: "heard",
  bring: "brought",
  write: "wrote",
  spend: "spent",
  put: "put",
  set: "set",
  hope: "hoped",
  need: "needed",
  want: "wanted",
  believe: "believed",
  agree: "agreed",
  speak: "spoke",
  come: "came",
  become: "became",
  begin: "began",
  leave: "left",
  lead: "led",
  meet: "met",
  pay: "paid",
  send: "sent",
  build: "built",
  buy: "bought",
  teach: "taught",
  hold: "held",
  lose: "lost",
  stand: "stood",
  seek: "sought",
  choose: "chose",
  grow: "grew",
  win: "won",
};

/** "As I said" is already in the past. */
const PAST_FORMS = new Set(Object.values(IRREGULAR_PAST));

const ADVERBS = new Set([
  "also",
  "really",
  "just",
  "certainly",
  "still",
  "now",
  "all",
  "already",
  "absolutely",
  "very",
  "genuinely",
  "actually",
]);
const SUBJECTS = new Set(["i", "we", "they", "you", "he", "she", "it"]);
const FILLER =
  /^(?:(?:so|well|yes|no|okay|ok|right|and|but|now|look|um|uh|er|erm|i mean|you know|of course|indeed|to sum up|in summary|summing up|to conclude)\b[,.]?\s*)+/i;

/** Time words as said on the day and as written afterwards. */
const TIMES: [RegExp, string][] = [
  [/\btoday\b/gi, "that day"],
  [/\btonight\b/gi, "that night"],
  [/\btomorrow\b/gi, "the next day"],
  [/\byesterday\b/gi, "the day before"],
  [/\bthis (week|month|year|morning|afternoon)\b/gi, "that $1"],
  [/\bnext (week|month|year)\b/gi, "the following $1"],
  [/\blast (week|month|year)\b/gi, "the previous $1"],
  [/\b(\w+) ago\b/gi, "$1 before"],
  [/\bat the moment\b/gi, "at that time"],
  [/\bright now\b/gi, "at that time"],
];

/** "next year" → "the following year": times as the minutes, written later, must put them. */
export function asWrittenAfterwards(text: string): string {
  return TIMES.reduce(
    (shifted, [pattern, replacement]) => shifted.replace(pattern, replacement),
    text,
  );
}

/**
 * One sentence a person said, as Cabinet-style reported speech: "Ms Jones said that she had…",
 * "Mr Patel asked whether…". Rule-based: contractions expanded, first person moved to the third,
 * verbs one step back in time, times of day shifted. Good for the common cases, not all English.
 */
export function reportedSpeech(sentence: string, voice: Voice, style: ReportStyle = {}): string {
  let text = sentence.trim().replace(FILLER, "");
  for (const [pattern, replacement] of CONTRACTIONS) text = text.replace(pattern, replacement);
  const question = /\?\s*$/.test(text);
  text = text.replace(/[.?!]+\s*$/, "").trim();
  if (!text) return "";

  let clause = question
    ? indirectQuestion(text)
    : { lead: style.concise ? "said" : "said that", body: text };
  let body = shiftTense(clause.body);
  // "The plan…" continues as "said that the plan…"; "Wales…", "I" and "NHS…" keep their capitals.
  const firstWord = /^[A-Za-z]+/.exec(body)?.[0] ?? "";
  const keepsCapital =
    firstWord === "I" || /^[A-Z]{2,}$/.test(firstWord) || voice.properNouns?.has(firstWord);
  if (firstWord && !keepsCapital) body = body[0]!.toLowerCase() + body.slice(1);
  body = shiftPronouns(body, voice);
  body = asWrittenAfterwards(body);
  clause = { ...clause, body };
  const name = style.concise ? voice.name.replace(POST_NOMINALS, "") : voice.name;
  return `${name} ${clause.lead} ${clause.body}.`;
}

const AUXILIARIES = new Set([
  "is",
  "are",
  "am",
  "was",
  "were",
  "do",
  "does",
  "did",
  "have",
  "has",
  "had",
  "can",
  "could",
  "will",
  "would",
  "should",
  "shall",
  "may",
  "might",
]);
const QUESTION_WORDS = /^(what|why|how|when|where|who|which|whom|whose)\b/i;

/** "Can you confirm the date?" → asked whether you can confirm the date (tense shifted later). */
function indirectQuestion(text: string): { lead: string; body: string } {
  const words = text.split(/\s+/);
  const first = words[0]!.toLowerCase();
  const subject = words[1]?.toLowerCase();
  if (AUXILIARIES.has(first) && subject && (SUBJECTS.has(subject) || subject === "there")) {
    const rest = words.slice(2);
    if (first === "do" || first === "does" || first === "did") {
      // "Do you agree…" → "you agree…" (the verb then moves back a tense).
      return { lead: "asked whether", body: [words[1], ...rest].join(" ") };
    }
    return { lead: "asked whether", body: [words[1], first, ...rest].join(" ") };
  }
  if (QUESTION_WORDS.test(first)) return { lead: "asked", body: text };
  return { lead: "asked whether", body: text };
}

/** Verbs after a subject pronoun go one step back: "I think we can" → "I thought we could". */
function shiftTense(text: string): string {
  const words = text.split(/(\s+)/);
  let afterSubject = false;
  for (let i = 0; i < words.length; i += 2) {
    const word = words[i]!;
    const bare = word.toLowerCase().replace(/[^a-z']/g, "");
    const tail = word.slice(word.toLowerCase().lastIndexOf(bare) + bare.length);
    if (SUBJECTS.has(bare) || bare === "there") {
      afterSubject = true;
      continue;
    }
    const modal = EVERYWHERE[bare];
    if (modal) {
      words[i] = keepCase(word, modal) + tail;
      afterSubject = false;
      continue;
    }
    const before = words[i - 2]?.toLowerCase().replace(/[^a-z']/g, "");
    if (!afterSubject && SAYS.has(bare) && !(before && NOT_VERBS.has(before))) {
      // "The council believes…" → "The council believed…", whatever the subject.
      words[i] = keepCase(word, pastOf(bare) ?? bare) + tail;
      continue;
    }
    if (!afterSubject) continue;
    if (ADVERBS.has(bare)) continue;
    afterSubject = false;
    const shifted = BACKSHIFT[bare] ?? pastOf(bare);
    if (shifted) words[i] = keepCase(word, shifted) + tail;
  }
  return words.join("");
}

/**
 * Verbs in the third person that are hardly ever nouns ("believes", not "needs" or "costs"):
 * after any subject, not only a pronoun, they move back a tense.
 */
const SAYS = new Set(
  `believes thinks says seems knows means remains requires includes depends becomes goes comes
makes takes gives feels finds keeps tells understands agrees expects intends appears happens
continues allows provides accepts recognises suggests shows`.split(/\s+/),
);

/** Words that follow a subject but are not verbs: "we as a committee", "they both". */
const NOT_VERBS = new Set(
  `as at in on of to and or but the a an both each either neither only too then there here so if
who which that what when where how why whether because before after not no never ever always
often sometimes usually perhaps maybe probably yet again had would could should might must did was were
been being got having`.split(/\s+/),
);

/** The past of the verb after a subject: irregular ones from the table, regular ones by rule. */
function pastOf(verb: string): string | undefined {
  // "makes" → "make", "goes" → "go", when the table knows the verb.
  const stems = verb.endsWith("s") ? [verb.slice(0, -1), verb.slice(0, -2)] : [];
  const base = stems.find((stem) => IRREGULAR_PAST[stem]) ?? verb;
  if (IRREGULAR_PAST[base]) return IRREGULAR_PAST[base];
  if (PAST_FORMS.has(verb)) return undefined;
  if (!/^[a-z]{3,}$/.test(verb) || NOT_VERBS.has(verb) || /(?:ly|ing|ed|ould|ight)$/.test(verb)) {
    return undefined;
  }
  const stem = /[^aeiou]ies$/.test(verb)
    ? `${verb.slice(0, -3)}y`
    : verb.replace(/(?<=[^s])s$/, "");
  if (stem.endsWith("e")) return `${stem}d`;
  if (/[^aeiou]y$/.test(stem)) return `${stem.slice(0, -1)}ied`;
  return `${stem}ed`;
}

/** First person becomes the speaker; "we" the speaker's side. */
function shiftPronouns(text: string, voice: Voice): string {
  const forms = {
    she: { subject: "she", object: "her", possessive: "her", reflexive: "herself" },
    he: { subject: "he", object: "him", possessive: "his", reflexive: "himself" },
    they: { subject: "they", object: "them", possessive: "their", reflexive: "themselves" },
  }[voice.pronoun];
  let firstMention = true;
  return text
    .replace(/\bI\b/g, () => {
      const said = firstMention ? voice.pronoun : forms.subject;
      firstMention = false;
      return said;
    })
    .replace(/\bmyself\b/gi, forms.reflexive)
    .replace(/\bmy\b/gi, forms.possessive)
    .replace(/\bme\b/gi, forms.object)
    .replace(
      /\bmine\b/gi,
      `${forms.possessive === "her" ? "hers" : forms.possessive === "his" ? "his" : "theirs"}`,
    )
    .replace(/\bourselves\b/gi, "themselves")
    .replace(/\bours\b/gi, "theirs")
    .replace(/\bour\b/gi, "their")
    .replace(/\bus\b/g, "them")
    .replace(/\bwe\b/gi, "they")
    .replace(/\byourselves\b/gi, "themselves")
    .replace(/\byour\b/gi, voice.addressee ? `${voice.addressee}'s` : "their")
    .replace(/\byou\b/gi, voice.addressee ?? "they")
    .replace(/\bthey was\b/g, "they were")
    .replace(new RegExp(String.raw`\b(${escapeName(voice.addressee)}) were\b`, "g"), "$1 was")
    .replace(/\bthey has\b/g, "they had");
}

function keepCase(original: string, replacement: string): string {
  return /^[A-Z]/.test(original)
    ? replacement[0]!.toUpperCase() + replacement.slice(1)
    : replacement;
}

/**
 * A speaker's label as minutes name them, by role or name without their constituency ("The
 * Chair (Ms Jane Jones (Ely))" → "The Chair"), and their pronoun: "Ms Jane Jones" → she; "Mr Tom
 * Reed" → he; anyone else "they".
 */
export function voiceOf(speaker: string): Voice {
  const { name, spoken } = parseLabel(speaker);
  const person = name ?? spoken;
  const title = /^(Ms|Mrs|Miss|Madam|Dame|Lady|Baroness)\.?\s/i.test(person)
    ? "she"
    : /^(Mr|Sir|Lord)\.?\s/i.test(person)
      ? "he"
      : "they";
  return { name: spoken, pronoun: title };
}

function escapeName(name: string | undefined): string {
  return name ? name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : "(?!)";
}
