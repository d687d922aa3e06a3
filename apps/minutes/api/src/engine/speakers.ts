import type { Turn } from "../transcripts/types.js";

/** Titles before a name, several words for some ("Right Hon."), and possibly stacked ("Hon. Dr"). */
const TITLE =
  /^(?:(?:The\s+)?Right\s+Hon(?:ourable)?|(?:The\s+)?Hon(?:ourable)?|Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lord|Lady|Baroness|Councillor|Cllr)\.?\s+/;
/** Titles people are addressed by with a surname ("Ms Shah"); "Hon." is not one. */
const PERSONAL_TITLE = /^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lord|Lady)\.?$/;
const POST_NOMINALS = /^(?:AM|MS|MP|MSP|MLA|OBE|MBE|CBE)$/;
/** A label for a role, not a person: "The Chair", "The Acting Chair", "Chair". */
const ROLE =
  /^(?:the\s+)?(?:(?:acting|deputy|vice|interim|temporary|co)[\s-]+)*(?:chair|chairman|chairwoman|chairperson|clerk|speaker|minister|president|convener|convenor)$/i;
/** Labels a transcription tool gives when it does not know the name. */
const GENERIC = /^(?:speaker|participant|unknown|guest)\b/i;
/** A name as written in a sentence: capitalised words, with the particles of some surnames. */
export const NAME = String.raw`(?:[A-Z][\p{L}'’-]+|ap|de|van|von|le|la)(?:\s+(?:[A-Z][\p{L}'’-]+|ap|de|van|von|le|la))*`;

/** A speaker label taken apart: "The Chair (Hon. Anthony Rota (Nipissing, Lib.))". */
export interface Label {
  /** The person's name with its titles, "Hon. Anthony Rota"; null for a bare role ("The Chair"). */
  name: string | null;
  /** The role they speak in, "The Chair", when the label gives one. */
  role: string | null;
  /** How minutes name them: the role when there is one, else the name ("Ms Jane Jones"). */
  spoken: string;
}

/**
 * Reads a label: a name, a role, or a role with the name in brackets; a bracket after a name is
 * their constituency or office ("Hon. Bill Morneau (Minister of Finance)") and is dropped.
 */
export function parseLabel(label: string): Label {
  const open = label.indexOf("(");
  const head = (open < 0 ? label : label.slice(0, open)).trim();
  const inner = open < 0 ? "" : bracketed(label.slice(open));
  if (ROLE.test(head)) {
    const person = inner && new RegExp(`^${NAME}`, "u").test(inner) ? parseLabel(inner) : null;
    return { name: person?.name ?? null, role: head, spoken: head };
  }
  return { name: head, role: null, spoken: head };
}

/** What is inside the first brackets, nested ones included: "(A (B)) C" → "A (B)". */
function bracketed(text: string): string {
  let depth = 0;
  for (const [index, character] of [...text].entries()) {
    if (character === "(") depth++;
    if (character === ")" && --depth === 0) return text.slice(1, index).trim();
  }
  return text.slice(1).trim();
}

/** A name's title, its given names and surname, and any post-nominals dropped. */
function nameParts(name: string): { title: string | null; words: string[] } {
  let rest = name;
  let title: string | null = null;
  for (let match = TITLE.exec(rest); match; match = TITLE.exec(rest)) {
    title = match[0].trim();
    rest = rest.slice(match[0].length);
  }
  const words = rest.split(/\s+/).filter((word) => word && !POST_NOMINALS.test(word));
  return { title, words };
}

/** The same person under any spelling of their label: "Mr. Jagmeet Singh (Burnaby South, NDP)" and "Mr Jagmeet Singh". */
function personKey(name: string): string {
  return nameParts(name).words.join(" ").toLowerCase();
}

/** The names someone answers to: "Ms Priya Shah AM" → "Priya Shah", "Priya", "Ms Shah"; a chair also to "Chair". */
export function namesFor(label: string): string[] {
  const { name, role } = parseLabel(label);
  const forms = role ? [role.replace(/^the\s+/i, "")] : [];
  if (name) {
    const { title, words } = nameParts(name);
    forms.push(words.join(" "));
    if (words.length > 1) forms.push(words[0]!);
    if (title && PERSONAL_TITLE.test(title) && words.length > 0) {
      forms.push(`${title} ${words.at(-1)}`);
    }
  }
  return forms.filter((form) => form.length > 1);
}

/**
 * Who attended: one entry per person, in the order they first spoke, under the fullest label
 * they were given, and the turns with each speaker's label replaced by that entry. Labels of one
 * person match by name without titles or brackets; a bare role ("The Chair") is whoever was last
 * named in it (before anyone was, the first named in it); a generic label ("Speaker 2") is the
 * name the person gave ("I'm Jane Smith", "my name is Jane Smith").
 */
export function findAttendees(turns: readonly Turn[]): { names: string[]; turns: Turn[] } {
  const introduction = new RegExp(String.raw`\b(?:my name is|I am|I'm|this is)\s+(${NAME})`, "u");
  const introduced = new Map<string, string>();
  for (const turn of turns) {
    if (!GENERIC.test(turn.speaker) || introduced.has(turn.speaker)) continue;
    const name = introduction.exec(turn.text)?.[1];
    if (name && name.split(/\s+/).length >= 2) introduced.set(turn.speaker, name);
  }

  const labels = turns.map((turn) => introduced.get(turn.speaker) ?? turn.speaker);
  const parsed = labels.map(parseLabel);
  const roleKey = (role: string) => `role:${role.replace(/^the\s+/i, "").toLowerCase()}`;
  const firstHolders = new Map<string, string>();
  for (const { name, role } of parsed) {
    if (name && role && !firstHolders.has(roleKey(role))) {
      firstHolders.set(roleKey(role), personKey(name));
    }
  }
  const holders = new Map<string, string>();
  const people = parsed.map(({ name, role }) => {
    if (name) {
      if (role) holders.set(roleKey(role), personKey(name));
      return personKey(name);
    }
    const key = roleKey(role!);
    return holders.get(key) ?? firstHolders.get(key) ?? key;
  });

  const fullest = new Map<string, string>();
  for (const [index, person] of people.entries()) {
    const known = fullest.get(person);
    if (!known || labels[index]!.length > known.length) fullest.set(person, labels[index]!);
  }
  const named = turns.map((turn, index) => ({ ...turn, speaker: fullest.get(people[index]!)! }));
  const names = [...new Set(named.map((turn) => turn.speaker))].filter(
    (name) => name !== "Unknown speaker",
  );
  return { names, turns: named };
}
