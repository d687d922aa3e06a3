/**
 * Runs `run` on every task, at most `concurrency` at a time, in order of starting. Once one
 * fails, no further task starts (those running finish) and the first failure is thrown.
 */
export async function runConcurrently<T>(
  tasks: T[],
  concurrency: number,
  run: (task: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < tasks.length) {
      const task = tasks[next++]!;
      try {
        await run(task);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
}
