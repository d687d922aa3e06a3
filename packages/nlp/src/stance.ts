import { stem, terms } from "./text.js";
import { centroid, cosine, fitTfIdf } from "./vectors.js";

export type Stance = "support" | "oppose" | "neutral";

/** What a question asks people to take a side on. */
export interface Proposal {
  /** The proposal in the question's words ("gambling adverts be banned during sport"). */
  text: string;
  /**
   * "yes-no": the question asks whether (themes are split by side); "premise": it asks what to do
   * if the proposal happens ("If X, what…?"), so an answer accepts it unless it says otherwise.
   */
  kind: "yes-no" | "premise";
  /** Stems of the proposal's action words ("ban"): answers repeat them to take a side. */
  actions: string[];
}

const YES_NO_START =
  /^(?:should|shall|do|does|did|is|are|was|were|would|will|can|could|must|has|have|may|to what extent)\b/i;
/** A question's follow-up that is not part of the proposal ("…, and what impact…"). */
const FOLLOW_UP = /(?:,\s*|\s+)(?:and|or)\s+(?:what|how|why|which|who|where|when|if|please)\b|\?/i;

const stems = (words: string) => new Set(words.split(/\s+/).map(stem));
/** Actions that take something away; answers use any of them for a proposal that does one. */
const RESTRICTIVE = stems(
  `ban banned banning bans prohibit prohibited prohibition restrict restricted restriction restrictions
limit limited limiting limits cut cuts cutting stop stopped remove removed removal close closed closure
reduce reduced reduction end ended abolish abolished scrap scrapped withdraw withdrawn outlaw outlawed`,
);
/** Actions that add or change something. */
const ENABLING = stems(
  `introduce introduced introduction increase increased raise raised extend extended extension expand
expanded expansion allow allowed require required requirement build built fund funded replace replaced
charge charged tax taxed regulate regulated regulation lower lowered change changed`,
);

/**
 * The proposal a question puts, if it puts one: a yes/no question ("Should X be banned?",
 * "Do you agree that X?") or a premise ("If X were restricted, what…?"). Open questions
 * ("What do you think of…?") have none, and their answers take no side.
 */
export function proposalOf(question: string): Proposal | undefined {
  const text = question.trim().replace(/^(?:q(?:uestion)?\s*\d+[.:)]?\s*)/i, "");
  const premise = /^if\s+(.+?),\s*(?:what|how|which|who|where|when|why|should|could|would)\b/i.exec(
    text,
  );
  const clause = premise?.[1] ?? (YES_NO_START.test(text) ? text.split(FOLLOW_UP)[0]! : undefined);
  if (!clause) return undefined;
  const proposal = clause
    .replace(
      /^(?:to what extent\s+)?(?:do|does|would|will|can)\s+you\s+(?:agree|support|think)\s+(?:with\s+|that\s+)?/i,
      "",
    )
    .replace(/^(?:the proposal|proposals?)\s+(?:to|that)\s+/i, "")
    .trim();
  const named = (proposal.toLowerCase().match(/[a-z]+/g) ?? []).map(stem);
  const actions = named.some((word) => RESTRICTIVE.has(word))
    ? [...RESTRICTIVE]
    : [...new Set(named.filter((word) => ENABLING.has(word)))];
  return { text: proposal, kind: premise ? "premise" : "yes-no", actions };
}

/** Words that turn the cue after them round ("not", "don't"…), up to three words before it. */
const NEGATORS = new Set(
  `not no never nothing neither nor don't doesn't didn't won't wouldn't shouldn't isn't aren't wasn't
weren't can't cannot couldn't haven't hasn't hardly dont doesnt wont wouldnt shouldnt isnt cant`.split(
    /\s+/,
  ),
);

/** Verbs of agreement, when someone says them ("I support", not "support for"). */
const AGREE = new Set(
  "agree agreed support supported welcome welcomed favour favor back backed".split(" "),
);
const SPEAKER = new Set(
  "i we i'd we'd fully strongly completely totally wholeheartedly definitely would do also".split(
    " ",
  ),
);
/** Words that call for or welcome the change in themselves. */
const WANTED = new Set("absolutely definitely overdue essential vital".split(" "));
const DISAGREE = new Set(
  `disagree oppose opposed object against excessive overreach overkill unnecessary disproportionate
pointless unfair mistake counterproductive hypocritical heavy-handed draconian extreme precedent`.split(
    /\s+/,
  ),
);
/** Arguments that put the problem elsewhere or wave it away. */
const DEFLECTION =
  /\b(?:(?:isn't|aren't|is not|are not|not) (?:\w+ )?the (?:real )?(?:problem|issue|answer|solution)|the real (?:problem|issue)|single[ds]? out|goes? too far|too far|where does it (?:end|stop)|slippery slope)\b/g;
/** "It managed fine before/without it", "they'll adapt": what the proposal takes away is not needed. */
const MANAGED_WITHOUT =
  /\b(?:(?:survived|thrived|managed|manage|coped|cope|did|do|fine) (?:\w+ )?(?:before|without)|adapt|find (?:other|alternative|new|ethical))\b/g;
/** After the proposal's action, a forecast that it fails ("a ban won't work"). */
const WILL_NOT = new Set(
  "won't wouldn't doesn't don't cannot can't wont wouldnt doesnt".split(" "),
);
/** Before the proposal's action: its costs being weighed ("the impact of a ban"). */
const WEIGHED = new Set("impact effect effects consequences cost costs".split(" "));
/**
 * Complaints about how things are: whoever makes them wants a change, so they count for the
 * proposal (to ban what harms, or to add what is missing).
 */
const PROBLEM = new Set(
  `harm harmful harms harming damage damaging dangerous danger predatory manipulative manipulate exploit
exploitative exploiting prey preying insidious toxic addiction addictive addicted addict addicts ruin
ruined ruining ruins destroy destroyed destroying torture trapped trap hook hooked lost suffering
victims vulnerable normalise normalises normalising normalize normalizes normalizing normalisation
normalization glamorous glamorise bombarded bombard relentless constant wrong disgrace disgraceful
shameful unacceptable terrible awful appalling dreadful unreliable unsafe filthy late crowded
overcrowded grotesque warping warp infected infecting complicit disgusting sickening vile obscene
worst poison poisonous plague scourge`.split(/\s+/),
);
/**
 * What a change would cost or take away: whoever raises it is wary of the proposal.
 */
const COST_OF_CHANGE = new Set(
  `revenue revenues funding sponsorship sponsorships sponsors jobs employ employs employment livelihoods
afford affordable economy economic businesses livelihood subscription viable rely relies depend
depends culture tradition traditional choice choices choose freedom freedoms liberty adults
responsibility nanny censorship market`.split(/\s+/),
);
/** A consequence said to follow the proposal that is bad ("a ban would kill…"). */
const BAD_CONSEQUENCE = new Set(
  `kill hurt harm damage devastate reduce destroy suffer lose cost ruin disappear punish penalise
penalize force drive push`
    .split(/\s+/)
    .map(stem),
);
const MIXED =
  /\b(?:rather than|instead of|better than (?:a|an|the)|middle ground|compromise|not just about|maybe|perhaps|on the other hand|both sides|depends|(?:would be|are|is) more effective|would work better)\b/;

interface Cues {
  /** Positive for the proposal, negative against. */
  score: number;
  /** Says the answer weighs both sides or prefers something in between. */
  mixed: boolean;
}

/** The stance cues in an answer, relative to a proposal, with negation turning a cue round. */
export function stanceCues(text: string, proposal: Proposal): Cues {
  const lower = text.toLowerCase().replace(/[’‘]/g, "'");
  const words = lower.match(/[a-z]+(?:['-][a-z]+)*/g) ?? [];
  const negated = (index: number) =>
    words.slice(Math.max(0, index - 3), index).some((word) => NEGATORS.has(word));
  let score = 0;
  const opening = words[0];
  if (opening === "yes") score += 2;
  if (opening === "no" && words[1] !== "one") score -= 2;
  words.forEach((word, index) => {
    const sign = negated(index) ? -1 : 1;
    const before = words.slice(Math.max(0, index - 2), index);
    if (AGREE.has(word) && (index === 0 || before.some((previous) => SPEAKER.has(previous))))
      score += sign;
    else if (WANTED.has(word)) score += sign;
    else if (DISAGREE.has(word)) score -= sign;
    if (proposal.kind === "premise") return; // answers within a premise complain about the problem it meets
    if (PROBLEM.has(word)) score += sign * 0.5;
    // "the economic argument is overstated": naming the other side's case is not making it
    else if (COST_OF_CHANGE.has(word) && !/^argument|^case/.test(words[index + 1] ?? ""))
      score -= 0.5;
    if (proposal.actions.includes(stem(word))) {
      const after = words.slice(index + 1, index + 6);
      const badAfter = after.some((next) => BAD_CONSEQUENCE.has(stem(next)) || WILL_NOT.has(next));
      const weighed = words
        .slice(Math.max(0, index - 3), index)
        .some((previous) => WEIGHED.has(previous));
      score += negated(index) || badAfter || weighed ? -1 : 1;
    }
  });
  score -= (lower.match(DEFLECTION) ?? []).length;
  if (proposal.kind !== "premise") {
    score += (lower.match(MANAGED_WITHOUT) ?? []).length;
    if (/\bwithout (?:it|them|their|the|this|that|these|its|such)\b/.test(lower)) score -= 0.5;
  }
  return { score, mixed: MIXED.test(lower) };
}

/** The stance a closed answer gives ("Strongly agree", "No"…), if it gives one. */
export function stanceFromClosed(closedAnswer: string): Stance {
  const closed = closedAnswer.trim().toLowerCase();
  if (/^(?:strongly |somewhat |tend to )?(?:agree|yes|support)/.test(closed)) return "support";
  if (/^(?:strongly |somewhat |tend to )?(?:disagree|no\b|oppose)/.test(closed)) return "oppose";
  return "neutral";
}

/** A yes/no proposal with no action named: agreement and complaint cues alone. */
const ANY_PROPOSAL: Proposal = { text: "", kind: "yes-no", actions: [] };

/**
 * One answer's stance from its closed answer, else from its cues on the proposal (any proposal
 * when none is given); undecided answers are neutral here (see `stancesOf`).
 */
export function stanceFromText(
  text: string,
  closedAnswer?: string,
  proposal = ANY_PROPOSAL,
): Stance {
  return decide({ text, closed: closedAnswer }, proposal) ?? "neutral";
}

function decide(
  answer: { text: string; closed?: string | undefined },
  proposal: Proposal | undefined,
): Stance | undefined {
  if (answer.closed?.trim()) return stanceFromClosed(answer.closed);
  if (!proposal) return "neutral";
  const { score, mixed } = stanceCues(answer.text, proposal);
  if (proposal.kind === "premise") return score < 0 ? "oppose" : "support";
  if (mixed && Math.abs(score) < 2.5) return "neutral";
  if (score >= 0.5) return "support";
  if (score <= -0.5) return "oppose";
  return undefined;
}

/**
 * Each answer's stance on the question's proposal. A closed answer decides where there is one.
 * Free text is read for cues (agreement, complaints about how things are, the proposal's action
 * wanted or refused, its costs), negation-aware; answers with no cue take the side whose
 * answers they resemble most, if clearly; answers weighing both sides, and every answer to a
 * question without a proposal, are neutral.
 */
export function stancesOf(
  answers: { text: string; closed?: string | undefined }[],
  proposal: Proposal | undefined,
): Stance[] {
  const stances = answers.map((answer) => decide(answer, proposal));
  if (!stances.includes(undefined)) return stances as Stance[];
  // The rest resemble one side's answers or neither.
  const model = fitTfIdf(answers.map((answer) => answer.text));
  const vectors = model.documentVectors();
  const sideCentre = (side: Stance) =>
    centroid(vectors.filter((_, index) => stances[index] === side && !answers[index]!.closed));
  const [forCentre, againstCentre] = [sideCentre("support"), sideCentre("oppose")];
  return stances.map((stance, index) => {
    if (stance) return stance;
    const [toFor, toAgainst] = [
      cosine(vectors[index]!, forCentre),
      cosine(vectors[index]!, againstCentre),
    ];
    if (Math.max(toFor, toAgainst) < 0.05 || Math.abs(toFor - toAgainst) < 0.01) return "neutral";
    return toFor > toAgainst ? "support" : "oppose";
  });
}

/** Words that answer without giving a reason ("Yes", "Strongly agree", "No comment", "N/A"). */
const NO_REASON_WORDS = new Set(
  `yes yeah yep no nope agree disagree strongly somewhat support oppose na n/a none nothing comment
comments add know sure unsure ok okay fine maybe perhaps same idea opinion applicable neither nor
neutral undecided`
    .split(/\s+/)
    .map(stem),
);

/** Whether an answer says why, not only which side it takes (or that it has nothing to say). */
export function givesReason(text: string): boolean {
  return terms(text).some((term) => !NO_REASON_WORDS.has(term));
}
