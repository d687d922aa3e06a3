/** What makes a response evidence-rich, each a measurable cue. */
export interface EvidenceCues {
  /** Figures: numbers, percentages, money. */
  figures: boolean;
  /** Personal or professional experience ("my son", "I work in", "as a GP"). */
  experience: boolean;
  /** Reasons given ("because", "for example"). */
  reasoning: boolean;
  /** Sources named (research, studies, reports). */
  sources: boolean;
  words: number;
}

export function evidenceCues(text: string): EvidenceCues {
  const lower = text.toLowerCase();
  return {
    figures: /\d|£|\bper ?cent\b|%|\b(?:million|billion|thousands?|hundreds?)\b/.test(lower),
    experience:
      /\b(?:(?:my|our) (?:local |own |late |eldest |youngest )?(?:son|daughter|husband|wife|partner|brother|sister|father|mother|dad|mum|friend|family|child|children|kids|colleagues?|patients?|clients?|club|team|business|shop|school|community|town|job|workplace)|i (?:work|worked|am a|was a|have seen|saw|lost|run|ran|know|volunteer)|i've (?:seen|lost|worked)|lost my|as an? (?:\w+ )?(?:addict|gambler|doctor|gp|teacher|nurse|parent|coach|counsellor|social worker|owner|manager|researcher|professional|fan|volunteer))\b/.test(
        lower,
      ),
    reasoning:
      /\b(?:because|since|therefore|for example|for instance|evidence|which means|as a result)\b/.test(
        lower,
      ),
    sources:
      /\b(?:research|study|studies|report|survey|data|statistics|figures show|according to)\b/.test(
        lower,
      ),
    words: lower.split(/\s+/).filter(Boolean).length,
  };
}

/** Evidence-rich: experience, figures or sources, with enough said to be worth quoting. */
export function isEvidenceRich(cues: EvidenceCues): { rich: boolean; reason: string } {
  const found = [
    cues.experience && "personal or professional experience",
    cues.figures && "figures",
    cues.sources && "named sources",
  ].filter((item): item is string => typeof item === "string");
  // Experience, figures and sources count on their own; reasons only with some substance.
  if (found.length === 0 && cues.reasoning && cues.words >= 30) found.push("reasons at length");
  const rich = found.length > 0;
  return {
    rich,
    reason: rich ? `Gives ${found.join(" and ")}.` : "No figures, sources or experience given.",
  };
}
