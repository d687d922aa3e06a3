/** Runs `run` on every task, at most `concurrency` at a time, in order of starting. */
export async function runConcurrently<T>(
  tasks: T[],
  concurrency: number,
  run: (task: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++]!;
      await run(task);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
}
