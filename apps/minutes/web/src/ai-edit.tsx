import { aiEditResultSchema, type Version } from "@bernard/minutes-contract";
import { Button, Textarea, useQuery, WarningText } from "@bernard/ui";
import { useState } from "react";
import { api, queries } from "./api.js";
import type { useAction } from "./use-action.js";

/**
 * Asks the portal's AI model to edit the minutes as the person says. The edit is saved as a new
 * version ("AI edit asked for by …"); the one before stays and can be brought back.
 */
export function AiEdit({
  meetingId,
  current,
  act,
}: {
  meetingId: string;
  current: Version;
  act: ReturnType<typeof useAction>["act"];
}) {
  const { data: engine } = useQuery(queries.engine());
  const [instruction, setInstruction] = useState("");
  const [problem, setProblem] = useState<string>();
  const [toCheck, setToCheck] = useState<string[]>([]);
  if (!engine) return null;
  return (
    <section aria-labelledby="ai-edit-heading">
      <h2 className="govuk-heading-m" id="ai-edit-heading">
        AI edit
      </h2>
      {engine.engine === "offline" ? (
        <p className="govuk-body">{engine.reason}</p>
      ) : (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!instruction.trim()) return setProblem("Enter what the AI should change");
            setProblem(undefined);
            void act(
              () =>
                api.post(
                  `/meetings/${meetingId}/ai-edit`,
                  { basedOn: current.number, instruction },
                  aiEditResultSchema,
                ),
              "The AI edit was saved as a new version. The version before it is kept under Versions.",
            ).then((saved) => {
              if (!saved) return;
              setToCheck(saved.problems);
              setInstruction("");
            });
          }}
        >
          <Textarea
            id="ai-edit-instruction"
            label="What should the AI change?"
            hint={`For example, "make the summary one sentence". The AI model (${engine.model}) keeps every point's citations, and you can bring back the version before.`}
            rows={3}
            value={instruction}
            error={problem}
            onChange={(event) => setInstruction(event.target.value)}
          />
          <Button type="submit" preventDoubleClick>
            Ask the AI to edit
          </Button>
        </form>
      )}
      {toCheck.length > 0 && (
        <>
          <WarningText>Check what the AI edit changed:</WarningText>
          <ul className="govuk-list govuk-list--bullet">
            {toCheck.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
