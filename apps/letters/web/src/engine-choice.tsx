import type { Engine } from "@bernard/letters-contract";
import { EngineChoice, errorMessage, useQuery } from "@bernard/ui";
import { queries } from "./api.js";

/** Choose the engine that drafts the reply, with what each is likely to take, then draft. */
export function DraftEngineChoice({
  caseId,
  drafted,
  busy,
  onDraft,
}: {
  caseId: string;
  drafted: boolean;
  busy: boolean;
  onDraft: (engine: Engine) => void;
}) {
  const { data: estimate, error } = useQuery(queries.estimate(caseId));
  if (error) return <p className="govuk-body">{errorMessage(error)}</p>;
  return (
    <EngineChoice
      estimate={estimate}
      working="Working out what drafting will take…"
      legend="Which engine drafts the reply?"
      offline="No AI model: the house template around the approved lines that answer each point, word for word."
      model="Writes the reply from the approved lines, each sentence citing the lines it rests on and checked against them (asked once more if one does not hold); personal details are hidden from the model."
      action={drafted ? "Draft again" : "Draft the reply"}
      variant={drafted ? "secondary" : "primary"}
      busy={busy}
      onRun={onDraft}
    />
  );
}
