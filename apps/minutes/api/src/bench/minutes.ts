import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  besideFloor,
  measuredBesideEstimate,
  printModelEfficiency,
  printTable,
  runAgainstFakeProvider,
} from "@bernard/bench";
import { draftMinutesWithModel, estimateModelDraft } from "../engine/model.js";
import { offlineStandIn } from "../engine/stand-in-model.js";
import { syntheticMeeting } from "./synthetic-meeting.js";

const SIZES = [10_000, 25_000, 60_000];
const MODEL_WORDS = 60_000;
/** The fake provider's latency and per-minute limits (the client is told the same limits). */
const MODEL_PROVIDER = {
  latencyMs: 2_000,
  limits: { requestsPerMinute: 60, tokensPerMinute: 100_000 },
};

/**
 * The minute summariser: the offline engine's time and peak memory on meetings of 10,000 to
 * 60,000 words beside merely reading and tokenising them; the model engine on a 60,000-word
 * meeting against a fake provider with latency and per-minute limits, as a share of the fastest
 * those limits allow.
 */
export async function benchMinutes(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), "bernard-bench-minutes-"));
  try {
    await offlineEngine(dir);
    await modelEngine();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function offlineEngine(dir: string): Promise<void> {
  const rows: [string, ...string[]][] = [];
  for (const words of SIZES) {
    const turns = syntheticMeeting(words);
    const file = path.join(dir, `meeting-${words}.txt`);
    await writeFile(file, turns.map((turn) => `${turn.speaker}: ${turn.text}`).join("\n"));
    const { engine, floor, times } = await besideFloor(
      path.join(import.meta.dirname, "minutes-child.js"),
      file,
    );
    rows.push([
      `${words.toLocaleString("en-GB")} words, ${turns.length} turns`,
      ...times,
      `${engine.peakRssMb.toFixed(0)} MB`,
      `${floor.peakRssMb.toFixed(0)} MB`,
      String(engine.result),
    ]);
  }
  printTable(
    "Offline engine: read the transcript, draft the minutes (each size in its own process; goal: 25,000 words under 5 s)",
    [
      "offline draft",
      "read + tokenise only",
      "draft/floor",
      "peak memory",
      "floor peak memory",
      "items",
    ],
    rows,
  );
}

async function modelEngine(): Promise<void> {
  const turns = syntheticMeeting(MODEL_WORDS);
  const estimate = await estimateModelDraft(turns, { model: "gpt-4o-mini" });
  const run = await runAgainstFakeProvider(
    { ...MODEL_PROVIDER, reply: offlineStandIn() },
    (client) => draftMinutesWithModel(turns, { client }),
  );
  const minutes = run.result;
  printModelEfficiency(`${MODEL_WORDS.toLocaleString("en-GB")}-word meeting`, run);
  printTable(
    "Model engine: requests and tokens",
    ["measured", "estimated before the run"],
    [
      ...measuredBesideEstimate(run, estimate),
      [
        "items / points cited",
        `${minutes.items.length} / ${minutes.items.flatMap((item) => item.points).length}`,
        "",
      ],
    ],
  );
}
