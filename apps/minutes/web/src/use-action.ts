import { errorMessage, useQueryClient, type QueryKey } from "@bernard/ui";
import { useState } from "react";

/**
 * A change a page makes through the API: while it runs nothing else starts; afterwards what it
 * touched is read again and the page says what happened (or what went wrong).
 */
export function useAction(...refresh: QueryKey[]) {
  const client = useQueryClient();
  const [problem, setProblem] = useState<string>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const act = async <T>(work: () => Promise<T>, success?: string): Promise<T | undefined> => {
    if (busy) return undefined;
    setBusy(true);
    setProblem(undefined);
    setDone(undefined);
    const reread = () =>
      Promise.all(refresh.map((queryKey) => client.invalidateQueries({ queryKey })));
    try {
      const result = await work();
      // What the change touched is shown before the page says it is done.
      await reread();
      if (success) setDone(success);
      return result;
    } catch (error) {
      setProblem(errorMessage(error));
      await reread();
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { problem, setProblem, done, setDone, busy, act };
}
