import type { BatchItem } from "@bernard/llm";

/** Responses shaped like a consultation's: 10 to 60 words, a few recurring topics. */
export function consultationResponses(count: number): BatchItem[] {
  const openings = [
    "I support",
    "I strongly oppose",
    "I am worried about",
    "I welcome",
    "I object to",
  ];
  const topics = [
    "the cost of bus fares for pensioners",
    "fewer bus services in rural villages",
    "the new charges for parking near the station",
    "how the council will pay for road repairs",
    "the loss of evening bus routes to the hospital",
  ];
  const reasons = [
    "because many people here do not drive",
    "since prices have already gone up this year",
    "as it will hurt small shops on the high street",
    "and I would like the council to think again",
    "given how long the consultation has taken",
  ];
  let state = 42;
  const pick = <T>(list: T[]): T => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return list[state % list.length]!;
  };
  return Array.from({ length: count }, (_, index) => {
    const sentences = 1 + (index % 3);
    const text = Array.from(
      { length: sentences },
      () => `${pick(openings)} ${pick(topics)} ${pick(reasons)}.`,
    ).join(" ");
    return { id: `r${index + 1}`, text };
  });
}
