/** What the CLIs say when asked for an engine other than the offline one. */
export function modelNotAvailable(engine: string | undefined): string {
  return engine === "model"
    ? "The model engine is not available in the minute summariser yet: use --engine offline (the default), which needs no model."
    : `There is no engine called "${engine}": use --engine offline.`;
}
