import path from "node:path";
import { describe, expect, it } from "vitest";
import { ScriptProcess } from "../src/testing/index.js";

const PRINTS = path.join(import.meta.dirname, "fixtures/prints.ts");

describe("ScriptProcess, the test harness's child process", () => {
  it("waits for what it prints, then kills it", async () => {
    const child = ScriptProcess.start(PRINTS, ["starting", "ready"]);
    expect(await child.printed("ready")).toBe("starting\nready\n");
    // Already printed: answered at once.
    expect(await child.printed("starting")).toContain("ready");
    expect(child.running).toBe(true);
    await child.kill();
    expect(child.running).toBe(false);
    expect(child.child.signalCode).toBe("SIGKILL");
  });

  it("says so when the process exits before printing what was awaited", async () => {
    const child = ScriptProcess.start(PRINTS, ["starting", "exit"]);
    await expect(child.printed("ready")).rejects.toThrow(
      'The process exited before printing "ready"',
    );
  });
});
