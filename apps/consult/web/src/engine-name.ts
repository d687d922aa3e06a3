/**
 * What found a question's themes, named the same way everywhere: "AI" only when a model did
 * the work, so no one takes the offline engine's word groups for a model's reading.
 */
export function engineName(engine: string | null | undefined): string {
  return engine === "model" ? "AI model" : "offline engine";
}
