/** Words too common to say what a text is about (English, consultation boilerplate, titles, thanks). */
const STOPWORDS = new Set(
  `a about above after again against all am an and any are aren't as at be because been before being
below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down
during each few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here
here's hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself
let's me more most mustn't my myself no nor not of off on once only or other ought our ours ourselves out
over own same shan't she she'd she'll she's should shouldn't so some such than that that's the their
theirs them themselves then there there's these they they'd they'll they're they've this those through
to too under until up very was wasn't we we'd we'll we're we've were weren't what what's when when's
where where's which while who who's whom why why's with won't would wouldn't you you'd you'll you're
you've your yours yourself yourselves also just will would get got like really think much many even
still well may might must shall one two lot lots thing things way yes im dont cant wont its ive
mr mrs ms dr hon madam sir thank thanks`.split(/\s+/),
);

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** A word: letters and digits, with an inner apostrophe ("don't"). */
const WORD = /[a-z0-9]+(?:'[a-z]+)?/g;

/** The lower-cased words of a text that carry meaning: more than a letter, not a stopword. */
function wordsThatMean(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).filter(
    (word) => word.length > 1 && !STOPWORDS.has(word),
  );
}

/** The words of a text that carry meaning, each with its stem. */
export function meaningfulWords(text: string): { word: string; stem: string }[] {
  return wordsThatMean(text).map((word) => ({ word, stem: stem(word) }));
}

/**
 * The words of a text that carry meaning: lower-cased, split at anything but letters, digits and
 * inner apostrophes, without stopwords, reduced to a stem so that "banning", "bans" and "banned"
 * count as one.
 */
export function terms(text: string): string[] {
  // Run on every response of a consultation, more than once: no object a word.
  return wordsThatMean(text).map(stem);
}

/** Terms and the two-word phrases between neighbouring terms ("sports_funding"). */
export function termsWithPhrases(text: string): string[] {
  const found = terms(text);
  const single = found.length;
  for (let at = 1; at < single; at += 1) found.push(`${found[at - 1]}_${found[at]}`);
  return found;
}

/** Words repeat across responses, so each is stemmed once (bounded, to cap memory). */
const stems = new Map<string, string>();
const STEMS_KEPT = 200_000;

/** A light suffix stripper (a few Porter steps): enough to join inflections, deterministic. */
export function stem(word: string): string {
  const known = stems.get(word);
  if (known !== undefined) return known;
  if (stems.size >= STEMS_KEPT) stems.clear();
  const result = stemWord(word);
  stems.set(word, result);
  return result;
}

function stemWord(word: string): string {
  let w = word.replace(/'s$/, "");
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(?:x|z|ch|sh|s)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is"))
    w = w.slice(0, -1);
  for (const suffix of [
    "ational",
    "ization",
    "fulness",
    "ousness",
    "iveness",
    "ments",
    "ment",
    "ness",
    "ingly",
    "edly",
    "ing",
    "ed",
    "ly",
    "ers",
    "er",
  ]) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length);
      // "banning" → "bann" → "ban"
      if (/([^aeiouls])\1$/.test(w)) w = w.slice(0, -1);
      break;
    }
  }
  // Derived forms join their root too: "education", "educational", "educate" → "educ".
  for (const suffix of DERIVATIONAL) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 4) return w.slice(0, -suffix.length);
  }
  return w.endsWith("e") && w.length > 4 ? w.slice(0, -1) : w;
}

const DERIVATIONAL = [
  "ational",
  "ation",
  "ition",
  "ical",
  "ance",
  "ence",
  "able",
  "ible",
  "ate",
  "ion",
  "ity",
  "ive",
  "ous",
  "ism",
  "ist",
  "al",
  "ic",
];

/** Sentences of a text, for quoting. */
export function sentences(text: string): string[] {
  return (text.match(/[^.!?]+[.!?]*/g) ?? []).map((sentence) => sentence.trim()).filter(Boolean);
}
