import { errorMessage, useMutation, useQueryClient } from "@bernard/ui";
import { useState } from "react";
import { keys } from "./api.js";

/**
 * A change to a case through the API: one at a time; afterwards everything shown of the case is
 * read again, and the page says what happened or what went wrong.
 */
export function useCaseChange(id: string) {
  const client = useQueryClient();
  const [done, setDone] = useState<string>();
  const mutation = useMutation({
    mutationFn: async ({ work }: { work: () => Promise<unknown>; success: string }) => work(),
    onMutate: () => setDone(undefined),
    onSuccess: (_result, { success }) => setDone(success),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: keys.case(id) }),
        client.invalidateQueries({ queryKey: keys.cases }),
      ]),
  });
  return {
    /** Runs `work` unless another change is under way; `success` is said once it is done. */
    run: (work: () => Promise<unknown>, success: string) => {
      if (!mutation.isPending) mutation.mutate({ work, success });
    },
    busy: mutation.isPending,
    done,
    problem: mutation.error ? errorMessage(mutation.error) : undefined,
  };
}
export type CaseChange = ReturnType<typeof useCaseChange>;
