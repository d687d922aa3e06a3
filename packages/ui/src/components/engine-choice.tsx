import type { ModelEstimateView } from "@bernard/toolkit/contract";
import { useState, type ReactNode } from "react";
import { Button, Radios } from "./forms.js";

/** What each engine is likely to take, as a tool's estimate route answers it. */
export interface EngineEstimate {
  offline: { seconds: number };
  model: ModelEstimateView;
}

export type EngineName = "offline" | "model";

const number = new Intl.NumberFormat("en-GB");
const dollars = new Intl.NumberFormat("en-GB", { style: "currency", currency: "USD" });
const plural = (count: number, one: string, many: string) =>
  `${number.format(count)} ${count === 1 ? one : many}`;

/** "About 12 requests, 40,000 tokens, $0.20 at list prices, and about 2 minutes." */
export function describeModelRun(model: Extract<ModelEstimateView, { available: true }>): string {
  const cost = model.costUsd === null ? "" : `, ${dollars.format(model.costUsd)} at list prices`;
  return (
    `About ${plural(model.requests, "request", "requests")}, ` +
    `${number.format(model.promptTokens + model.completionTokens)} tokens${cost}, ` +
    `and about ${plural(model.minutes, "minute", "minutes")}.`
  );
}

export interface EngineChoiceProps {
  /** The tool's estimate, undefined while it loads. */
  estimate: EngineEstimate | undefined;
  /** What the page says while the estimate loads ("Working out what drafting will take…"). */
  working: string;
  legend: string;
  /** What the offline engine does, before its time ("No AI model: …"). */
  offline: string;
  /** What the model does, before its figures. */
  model: string;
  /** The button's words. */
  action: ReactNode;
  /** The page's main action (green) until it has been run once. */
  variant?: "primary" | "secondary";
  busy?: boolean;
  onRun: (engine: EngineName) => void;
}

/**
 * The choice between a tool's offline engine and its AI model, with what each is likely to take
 * shown before anything runs. With no model, only the offline engine is offered, and why is said.
 */
export function EngineChoice({
  estimate,
  working,
  legend,
  offline,
  model,
  action,
  variant = "primary",
  busy = false,
  onRun,
}: EngineChoiceProps) {
  const [engine, setEngine] = useState<EngineName>("offline");
  if (!estimate) return <p className="govuk-body">{working}</p>;
  const run = estimate.model;
  const seconds = estimate.offline.seconds;
  const options = [
    {
      value: "offline",
      text: "Offline engine",
      hint: `${offline} About ${plural(seconds, "second", "seconds")}; no cost.`,
    },
    ...(run.available
      ? [
          {
            value: "model",
            text: `AI model (${run.model})`,
            hint: `${model} ${describeModelRun(run)}`,
          },
        ]
      : []),
  ];
  return (
    <>
      <Radios
        name="engine"
        legend={legend}
        hint={run.available ? undefined : run.reason}
        options={options}
        value={[engine]}
        onChange={([chosen]) => setEngine(chosen === "model" ? "model" : "offline")}
      />
      <Button variant={variant} onClick={() => onRun(engine)} disabled={busy} preventDoubleClick>
        {action}
      </Button>
    </>
  );
}
