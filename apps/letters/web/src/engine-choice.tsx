import type { Engine } from "@bernard/letters-contract";
import { Button, Radios, errorMessage, useQuery } from "@bernard/ui";
import { useState } from "react";
import { queries } from "./api.js";

const number = new Intl.NumberFormat("en-GB");
const dollars = new Intl.NumberFormat("en-GB", { style: "currency", currency: "USD" });

/** Choose the engine that drafts the reply, with what each is likely to take, then draft. */
export function EngineChoice({
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
  const [engine, setEngine] = useState<Engine>("offline");
  if (error) return <p className="govuk-body">{errorMessage(error)}</p>;
  if (!estimate) return <p className="govuk-body">Working out what drafting will take…</p>;
  const { model } = estimate;
  const options = [
    {
      value: "offline",
      text: "Offline engine",
      hint: `No AI model: the house template around the approved lines that answer each point, word for word. About ${estimate.offline.seconds} second; no cost.`,
    },
    ...(model.available
      ? [
          {
            value: "model",
            text: `AI model (${model.model})`,
            hint: `Writes the reply from the approved lines, each sentence citing the lines it rests on and checked against them; personal details are hidden from the model. About ${number.format(model.requests)} ${model.requests === 1 ? "request" : "requests"} (2 if it is asked again), ${number.format(model.promptTokens + model.completionTokens)} tokens${model.costUsd === null ? "" : `, ${dollars.format(model.costUsd)} at list prices`}, and about ${model.minutes} ${model.minutes === 1 ? "minute" : "minutes"}.`,
          },
        ]
      : []),
  ];
  return (
    <>
      <Radios
        name="engine"
        legend="Which engine drafts the reply?"
        hint={model.available ? undefined : model.reason}
        options={options}
        value={[engine]}
        onChange={([chosen]) => setEngine(chosen as Engine)}
      />
      <Button onClick={() => onDraft(engine)} disabled={busy}>
        {drafted ? "Draft again" : "Draft the reply"}
      </Button>
    </>
  );
}
