/** How each stance is named and coloured wherever it is shown. */
export const STANCE = {
  support: { text: "Support", colour: "green" },
  oppose: { text: "Oppose", colour: "red" },
  neutral: { text: "Neutral", colour: "grey" },
} as const;

export function stanceOf(stance: string | null): (typeof STANCE)[keyof typeof STANCE] {
  return STANCE[(stance ?? "neutral") as keyof typeof STANCE] ?? STANCE.neutral;
}
