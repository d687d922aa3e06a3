import { errorMessage, useMutation, useQueryClient, type QueryKey } from "@bernard/ui";
import { useState } from "react";

/**
 * A page's message state, and `act`, which runs a person's change, says what happened (or what
 * went wrong), and refreshes what the change touched: the queries under each of `scopes`.
 */
export function useAction(...scopes: QueryKey[]) {
  const client = useQueryClient();
  const [problem, setProblem] = useState<string>();
  const [done, setDone] = useState<string>();
  const change = useMutation({ mutationFn: (work: () => Promise<unknown>) => work() });
  const act = async (work: () => Promise<unknown>, message: string) => {
    try {
      await change.mutateAsync(work);
      setProblem(undefined);
      setDone(message);
      await Promise.all(scopes.map((queryKey) => client.invalidateQueries({ queryKey })));
    } catch (error) {
      setDone(undefined);
      setProblem(errorMessage(error));
    }
  };
  return { problem, setProblem, done, act, busy: change.isPending };
}
