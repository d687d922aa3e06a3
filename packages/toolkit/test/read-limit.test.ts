import { AppError } from "../src/errors.js";
import { describe, expect, it } from "vitest";
import { createReadLimit } from "../src/uploads/read-limit.js";

/** A piece of work that runs until the test lets it finish. */
function held() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  let started = false;
  return {
    work: async () => {
      started = true;
      await done;
    },
    finish,
    started: () => started,
  };
}

describe("the per-process limit on reading uploads", () => {
  it("runs at most `concurrent` reads; a request that cannot get a turn in time is told to retry", async () => {
    const reads = createReadLimit({ concurrent: 2, maxWaitMs: 20 });
    const first = held();
    const second = held();
    const running = [reads.forRequest(first.work), reads.forRequest(second.work)];
    const third = held();
    const refused = await reads.forRequest(third.work).catch((error: unknown) => error);
    expect(third.started()).toBe(false);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({
      statusCode: 503,
      message: "Bernard is busy reading other files. Try again in a moment.",
      retryAfter: "5",
    });

    // A background import waits as long as it takes, and starts once a turn is free.
    const job = held();
    const queued = reads.forJob(job.work);
    await new Promise((resolve) => setTimeout(resolve, 40)); // longer than maxWaitMs
    expect(job.started()).toBe(false);
    first.finish();
    await running[0];
    for (let tries = 0; tries < 100 && !job.started(); tries += 1) await Promise.resolve();
    expect(job.started()).toBe(true);
    second.finish();
    job.finish();
    await Promise.all([running[1], queued]);
  });

  it("frees the turn when the work fails", async () => {
    const reads = createReadLimit({ concurrent: 1, maxWaitMs: 1_000 });
    await expect(reads.forRequest(() => Promise.reject(new Error("broken")))).rejects.toThrow(
      "broken",
    );
    expect(await reads.forRequest(async () => "next")).toBe("next");
  });
});
