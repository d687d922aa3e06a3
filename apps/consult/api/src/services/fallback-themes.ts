import type { NO_REASON, OTHER } from "../engine/types.js";
import type { Transaction } from "./database.js";

/** A question's "Other" or "No reason given" theme, made when it has none (it may have been deleted). */
export async function fallbackThemeId(
  tx: Transaction,
  questionId: string,
  fallback: typeof OTHER | typeof NO_REASON,
  source: "ai" | "person",
): Promise<string> {
  const existing = await tx.theme.findFirst({ where: { questionId, label: fallback.label } });
  if (existing) return existing.id;
  const created = await tx.theme.create({
    data: {
      questionId,
      label: fallback.label,
      description: fallback.description,
      stance: "neutral",
      source,
      keyphrases: [],
    },
  });
  return created.id;
}
