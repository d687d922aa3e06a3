import { errorMessage } from "@bernard/ui";
import { useState } from "react";

/**
 * A page's message state, and `act`, which runs a person's change, then says what happened (or
 * what went wrong) and reloads the page's data.
 */
export function useAction() {
  const [problem, setProblem] = useState<string>();
  const [done, setDone] = useState<string>();
  const act = async (work: () => Promise<unknown>, message: string, reload: () => void) => {
    try {
      await work();
      setProblem(undefined);
      setDone(message);
      reload();
    } catch (error) {
      setDone(undefined);
      setProblem(errorMessage(error));
    }
  };
  return { problem, setProblem, done, act };
}
